import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInputException } from '../../../common/errors';

/** A path id that must be a UUID: a 400 naming the parameter, in the API's error shape. */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputException([{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }]) });
