import { CheckResponse, CheckStatus } from './check-vocabulary';
import type { RuleBreak } from '../../../common/rule-break';

/**
 * The life of an agency check (SPEC CHK-1, CHK-4): requested, then exactly one of returned,
 * declined (with a reason), unable (with a reason), or waived by a manager (with a reason).
 * Every answer is final; a new question is a new check.
 */
export type CheckEvent =
  | { kind: 'respond'; status: CheckResponse; summary?: string | null; reason?: string | null }
  | { kind: 'waive'; reason?: string | null };

export type CheckTransition =
  | { ok: true; next: CheckStatus }
  | { ok: false; conflict: true; message: string }
  | ({ ok: false; conflict: false } & RuleBreak);

const blank = (s: string | null | undefined) => !s || s.trim().length === 0;

export function applyCheckEvent(current: CheckStatus, event: CheckEvent): CheckTransition {
  if (current !== 'requested') {
    return { ok: false, conflict: true, message: `This check is already ${current}; a new question needs a new check` };
  }
  if (event.kind === 'waive') {
    return blank(event.reason)
      ? { ok: false, conflict: false, field: 'reason', rule: 'CHK-4.waiver-reason', message: 'A waiver needs the reason the decision can go ahead without this check (SPEC CHK-4)' }
      : { ok: true, next: 'waived' };
  }
  if (event.status === 'returned' && blank(event.summary)) {
    return { ok: false, conflict: false, field: 'summary', rule: 'CHK-1.summary-required', message: 'A returned check needs a summary of what the agency knows' };
  }
  if (event.status !== 'returned' && blank(event.reason)) {
    return { ok: false, conflict: false, field: 'reason', rule: 'CHK-1.reason-required', message: `A check answered ${event.status} needs the reason (SPEC CHK-1)` };
  }
  return { ok: true, next: event.status };
}
