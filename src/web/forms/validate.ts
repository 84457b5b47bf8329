import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { RuleBreak } from '../../common/rule-break';
import { toDetails } from '../../common/validation';

/** The API's validation pipe for one body: the same DTO class, options and `details` (field, rule, message). */
export function validateBody<T extends object>(type: new () => T, plain: object): { value: T; details: RuleBreak[] } {
  const value = plainToInstance(type, plain);
  const details = toDetails(validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } }));
  return { value, details };
}
