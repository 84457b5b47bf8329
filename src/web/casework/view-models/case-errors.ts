import type { RuleBreak } from '../../../common/rule-break';
import type { ErrorSummaryItem } from '../../forms/page-errors';
import { ruleWords } from '../../forms/page-errors';

/** One input on a case page: the API field it fills (or a prefix of it), its id and label. */
export interface CaseField {
  field: string;
  input: string;
  label: string;
}

/**
 * The case-review lesson behind each guard, in plain words (SPEC DEC-3, DEC-6, CHK-4, STR-3, STEP-2):
 * a worker refused by a guard reads why the rule exists, not only that it exists.
 */
export function lessonWords(detail: RuleBreak): string | null {
  switch (detail.rule) {
    case 'DEC-3.red-outcome':
      return 'A RED child needs a strategy discussion or immediate protection. The Isle of Wight review found a child at risk of significant harm routed to a lower response. Only a manager can override this, with a reason';
    case 'DEC-3.nfa-needs-risk-analysis':
      return 'Write a risk analysis: no further action or advice needs one, so the next worker can see what risk was weighed';
    case 'DEC-3.nfa-needs-reasons':
      return 'Say why the threshold is not met: the family and the referrer are told the reasons (Working Together)';
    case 'DEC-3.nfa-needs-alternative-support':
      return 'Suggest at least one other support for the family: Working Together expects a family below the threshold to be offered other help (Dudley review)';
    case 'DEC-3.insufficient-evidence':
      if (detail.field === 'childSeenAlone' || detail.field === 'childSeenAloneWhyNot') {
        return 'Say whether the child was seen alone, or why not. The Child Q review found "not enough evidence" recorded when nobody had spoken to the child on their own';
      }
      if (detail.field === 'checksDone') return 'Confirm the agency checks were done. "Not enough evidence" is only true once the agencies who know the child have been asked (Child Q)';
      return 'Confirm a strategy discussion was considered. "Not enough evidence" is only true once the police and health have been asked whether harm is suspected (Child Q)';
    case 'DEC-3.sole-reason':
      return 'A reason such as "partner in custody", "parents separated" or "child presents well" cannot be the only reason for a lower outcome. In the Dudley review risk was judged lower because a partner was in prison. Choose the reason the threshold is not met as well';
    case 'DEC-3.history-reviewed':
      return "Confirm you read the history of the child, their brothers and sisters and the adults in the household. Case reviews found earlier contacts nobody read";
    case 'DEC-6.referrer-disagreement':
      return 'The referrer called this a child protection referral: say how this decision answers their view';
    case 'CHK-4.outstanding-check':
      return `${detail.message.replace(/ \(SPEC CHK-4\)$/, '')}. A decision made before the checks come back can miss what an agency knows`;
    case 'STR-3.evidence-not-shared':
      return 'Mark every photo, video and message as shared with the police (time and officer) before setting a section 47 outcome. In the Child Q review the police learned of a photo of bruising from the minutes, a week later';
    case 'STR-3.required-invitees':
      return detail.message.replace(/ \(SPEC STR-3\)$/, '');
    default:
      return null;
  }
}

/** The API's words for a rule this page has no words of its own for, with the field named as the page labels it. */
function inWords(d: RuleBreak, label: string): string {
  const words = ruleWords(d, label);
  const name = d.field.split(/[.[\]]/).filter(Boolean).pop() ?? '';
  return name && words.startsWith(`${name} `) ? `${label}${words.slice(name.length)}` : words;
}

/** The GOV.UK error summary and field messages for a case page, from the API's details. */
export function caseErrors(details: RuleBreak[] | undefined, fields: CaseField[]): { errorSummary: ErrorSummaryItem[]; errors: Record<string, { text: string }> } {
  const errorSummary: ErrorSummaryItem[] = [];
  const errors: Record<string, { text: string }> = {};
  const seen = new Set<string>();
  for (const d of details ?? []) {
    const target = fields.find((f) => f.field === d.field) ?? fields.find((f) => f.field && (d.field.startsWith(`${f.field}.`) || d.field.startsWith(`${f.field}[`))) ?? fields[0];
    if (!target) continue;
    const text = lessonWords(d) ?? inWords(d, target.label);
    // One message per input, except a guard's several findings on the same rule (e.g. CHK-4, one per check).
    const key = d.rule.includes('.') ? `${target.input}|${text}` : target.input;
    if (seen.has(key) || (!d.rule.includes('.') && errors[target.input])) continue;
    seen.add(key);
    errorSummary.push({ text, href: `#${target.input}` });
    if (!errors[target.input]) errors[target.input] = { text };
  }
  return { errorSummary, errors };
}
