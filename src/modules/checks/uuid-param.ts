import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInputException } from '../../common/errors';

/** A path id that is not a UUID is a 400 naming the parameter (API.md error shape). */
export const uuidParam = (name = 'id') =>
  new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputException([{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }]) });
