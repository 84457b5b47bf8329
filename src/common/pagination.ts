import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { InvalidInputException } from './errors';
import { isUuid } from './uuid';

export class PageQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor; a cursor that was not made by encodeCursor decodes to undefined (treated as a 400 by callers). */
export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/** A cursor this service did not make: a 400 naming the cursor. */
export function invalidCursor(): InvalidInputException {
  return new InvalidInputException([{ field: 'cursor', rule: 'isCursor', message: 'cursor is not valid' }]);
}

/** Keyset cursor over (time, id), newest first. */
export function encodeTimeIdCursor(at: Date | string, id: string): string {
  return encodeCursor([typeof at === 'string' ? at : at.toISOString(), id]);
}

/** undefined when no cursor was sent; [ISO time, uuid] otherwise; a cursor this service did not make is a 400. */
export function decodeTimeIdCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  const value = decodeCursor<unknown>(cursor);
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && !Number.isNaN(Date.parse(value[0])) && isUuid(value[1])) {
    return value as [string, string];
  }
  throw invalidCursor();
}

/** Keyset cursor over a bigint sequence number (the audit trail), newest first. */
export function decodeSeqCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const value = decodeCursor<unknown>(cursor);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  throw invalidCursor();
}
