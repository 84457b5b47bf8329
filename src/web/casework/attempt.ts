import { ConflictException, ForbiddenException } from '@nestjs/common';
import { InvalidInputException, RuleViolationException } from '../../common/errors';
import type { RuleBreak } from '../../common/rule-break';

/**
 * Runs a use case after the API's own validation; its 422 and 400 details (or a 409 or 403 in
 * words, as one detail about the whole form) come back for the page's error summary. Anything else
 * (404 for "not yours", 500) is the error page, as on every page.
 */
export async function attempt(details: RuleBreak[], run: () => Promise<unknown>): Promise<RuleBreak[] | null> {
  if (details.length) return details;
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof RuleViolationException || error instanceof InvalidInputException) return error.details;
    if (error instanceof ConflictException) return [{ field: '', rule: 'conflict', message: error.message }];
    if (error instanceof ForbiddenException) return [{ field: '', rule: 'forbidden', message: error.message }];
    throw error;
  }
}
