import type { RuleBreak } from '../../common/rule-break';

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

export interface PageErrors {
  /** For govukErrorSummary's errorList. */
  summary: ErrorSummaryItem[];
  /** For each input's errorMessage, by input id. */
  byInput: Record<string, { text: string }>;
}

/** One input on a page: the API field it fills (relative to the page's part of the body), its id and label. */
export interface PageField {
  field: string;
  input: string;
  label: string;
}

const maxFrom = (message: string) => /at most (\d+)/.exec(message)?.[1];

/**
 * Words for a rule id, the same ids the JSON API returns in `details[].rule` (SPEC INT-6: errors name
 * the field and the rule in words a referrer understands). Unknown rules keep the API's own words.
 */
export function ruleWords(detail: RuleBreak, label: string): string {
  switch (detail.rule) {
    case 'INT-6.concern-text':
      return 'Tell us what has happened or what you are worried about';
    case 'INT-6.subject-description':
      return 'Tell us something about the child: a name, a date of birth, where they live, their school, or a description';
    case 'calendarDate':
      return `${label} must be a real date, for example 27 3 2019`;
    case 'INT-6.not-in-future':
      return `${label} must be today or in the past`;
    case 'maxLength':
      return `${label} must be ${maxFrom(detail.message) ?? 'fewer'} characters or fewer`;
    case 'noControlCharacters':
      return `${label} must not contain special characters such as tabs copied from other programs`;
    case 'isIn':
    case 'isNotEmpty':
    case 'isString':
      return `Select or enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
    case 'isUUID':
      return `Select ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
    case 'INT-2.information-empty':
      return 'Enter what you want to add';
    case 'INT-4.unknown-reason':
      return 'Enter their name, or say why it is not known';
    default:
      return detail.message;
  }
}

/**
 * Maps the API's error details (field paths, rule ids) to the GOV.UK error summary and field
 * messages. `prefix` is the page's part of the body (e.g. `subjects[0]`); details outside it belong
 * to other pages and are left out. A detail naming the whole part goes to the page's first input.
 */
export function pageErrors(details: RuleBreak[], fields: PageField[], prefix = ''): PageErrors {
  const summary: ErrorSummaryItem[] = [];
  const byInput: Record<string, { text: string }> = {};
  for (const d of details) {
    let field: string;
    if (!prefix) field = d.field;
    else if (d.field === prefix) field = '';
    else if (d.field.startsWith(`${prefix}.`)) field = d.field.slice(prefix.length + 1);
    else continue;
    const target = fields.find((f) => f.field === field) ?? fields.find((f) => field.startsWith(`${f.field}.`) || field.startsWith(`${f.field}[`)) ?? fields[0];
    if (!target || byInput[target.input]) continue;
    const text = ruleWords(d, target.label);
    byInput[target.input] = { text };
    summary.push({ text, href: `#${target.input}` });
  }
  return { summary, byInput };
}
