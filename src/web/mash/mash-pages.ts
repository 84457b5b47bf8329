import type { Request } from 'express';
import type { Actor } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import type { RuleBreak } from '../../common/rule-break';

export type WebRequest = Request & { actor?: Actor };

/**
 * Runs a use case and turns its refusals into the page's error summary: a 422's details as they are,
 * a 409 or 404 from the use case as one message on `field` (the API's words), anything else thrown on.
 */
export async function attempt<T>(details: RuleBreak[], run: () => Promise<T>, field = 'form'): Promise<{ value?: T; details: RuleBreak[] | null }> {
  if (details.length) return { details };
  try {
    return { value: await run(), details: null };
  } catch (error) {
    if (error instanceof RuleViolationException) return { details: error.details };
    const status = (error as { getStatus?: () => number }).getStatus?.();
    if (status === 409 || status === 400) return { details: [{ field, rule: `http.${status}`, message: (error as Error).message }] };
    throw error;
  }
}

/** Remembers in the session which children's records this user opened, for the contact's task list. */
export function noteHistoryViewed(req: WebRequest, personId: string): void {
  const seen = (req.session.viewedChildren as string[] | undefined) ?? [];
  if (!seen.includes(personId)) req.session.viewedChildren = [...seen, personId].slice(-200);
}

export function historyViewed(req: WebRequest): Set<string> {
  return new Set((req.session.viewedChildren as string[] | undefined) ?? []);
}
