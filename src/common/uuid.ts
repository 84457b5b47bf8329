import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInputException } from './errors';

/** Any RFC 4122 layout, any version, either case (what Postgres' uuid type accepts from us). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_PATTERN.test(value);

/** A path id that must be a UUID: otherwise a 400 naming the parameter, in the API's error shape. */
export const uuidParam = (name = 'id') =>
  new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputException([{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }]) });
