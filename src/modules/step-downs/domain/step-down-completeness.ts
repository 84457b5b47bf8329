/**
 * What a step-down must carry before anyone can accept it (SPEC STEP-2): a lead professional who can
 * be reached (name, agency and e-mail), the risk handover, a plan with at least one action, and a
 * review date. Without them nobody knows who holds the child or what they are to do, so a step-down
 * missing any of them is refused, each missing part named. Pure.
 */
import type { RuleBreak } from '../../../common/rule-break';

export const STEP_DOWN_COMPLETENESS_RULE = 'STEP-2.incomplete';

export interface StepDownParts {
  lead: { name?: string | null; agencyId?: string | null; email?: string | null } | null;
  riskHandover?: string | null;
  plan?: { actions?: unknown[] | null } | null;
  reviewDate?: string | null;
}

const blank = (s: string | null | undefined) => !s || !s.trim();

/** Where each part sits on the form that is checked (a step-down request, or an early_help decision). */
export interface PartFields {
  /** Before riskHandover, plan and reviewDate (e.g. `stepDown.` on a decision form). */
  prefix?: string;
  /** The lead professional's object (its name and email). */
  lead?: string;
  /** The lead professional's agency (the receiving agency on a step-down request). */
  agency?: string;
}

/** The missing parts, each named by its field on the form. */
export function missingStepDownParts(parts: StepDownParts, fields: PartFields = {}): RuleBreak[] {
  const prefix = fields.prefix ?? '';
  const leadPrefix = fields.lead ?? 'leadProfessional';
  const out: RuleBreak[] = [];
  const need = (field: string, message: string) => out.push({ field, rule: STEP_DOWN_COMPLETENESS_RULE, message });
  if (blank(parts.lead?.name)) need(`${leadPrefix}.name`, 'Name the lead professional who will hold the child');
  if (blank(parts.lead?.agencyId)) need(fields.agency ?? `${leadPrefix}.agencyId`, "Give the lead professional's agency");
  if (blank(parts.lead?.email)) need(`${leadPrefix}.email`, 'Give an e-mail address at which the lead professional can be reached');
  if (blank(parts.riskHandover)) need(`${prefix}riskHandover`, 'Hand over the risk: what the receiving service must know');
  if (!parts.plan?.actions?.length) need(`${prefix}plan.actions`, 'Give the plan: at least one action with its owner and success criteria');
  if (blank(parts.reviewDate)) need(`${prefix}reviewDate`, 'Give the date the plan is reviewed');
  return out;
}

/** A review date already past when the step-down is made cannot be met. */
export function reviewDateInPast(reviewDate: string | null | undefined, today: string, field = 'reviewDate'): RuleBreak[] {
  if (!reviewDate || reviewDate >= today) return [];
  return [{ field, rule: 'STEP-2.review-date-past', message: 'The review date must be today or later' }];
}
