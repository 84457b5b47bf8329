import { ConflictException, NotFoundException } from '@nestjs/common';
import { InvalidInputException, RuleViolationException } from '../../common/errors';
import type { RuleBreak } from '../../common/rule-break';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page id that is not a UUID is a page that does not exist (404), as the API's UUID pipe would say 400. */
export function pageId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
}

/** Runs a use case after the page's validation; its 422 details (or the validation's) come back for the page. */
/** A 409 (already answered, already decided) comes back as a message on `conflictField`. */
export async function attempt(details: RuleBreak[], run: () => Promise<unknown>, conflictField = 'status'): Promise<RuleBreak[] | null> {
  if (details.length) return details;
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof RuleViolationException || error instanceof InvalidInputException) return error.details;
    if (error instanceof ConflictException) return [{ field: conflictField, rule: 'conflict', message: error.message }];
    throw error;
  }
}
