import { InvalidInputException } from '../../common/errors';
import { decodeCursor, encodeCursor } from '../../common/pagination';

/** Keyset cursor over (time, id), newest first: lists of checks and of decisions. */
export function encodeTimeIdCursor(at: Date, id: string): string {
  return encodeCursor([at.toISOString(), id]);
}

/** undefined when no cursor was sent; a cursor this service did not make is a 400. */
export function decodeTimeIdCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  const value = decodeCursor<unknown>(cursor);
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string') && !Number.isNaN(Date.parse(value[0]))) {
    return value as [string, string];
  }
  throw new InvalidInputException([{ field: 'cursor', rule: 'isCursor', message: 'cursor is not valid' }]);
}
