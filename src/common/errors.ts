import { HttpException, HttpStatus } from '@nestjs/common';

import type { RuleBreak } from './rule-break';

export type { RuleBreak } from './rule-break';

/** 422: well-formed, but breaks a rule; `details[].rule` names the rule (e.g. DEC-3.red-outcome). */
export class RuleViolationException extends HttpException {
  constructor(message: string, public readonly details: RuleBreak[]) {
    super({ message, details }, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

/** 400 for input that fails validation, with one detail per field. */
export class InvalidInputException extends HttpException {
  constructor(public readonly details: RuleBreak[]) {
    super({ message: summarise(details), details }, HttpStatus.BAD_REQUEST);
  }
}

function summarise(details: RuleBreak[]): string {
  const first = details[0];
  if (!first) return 'The request is not valid';
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : '';
  return `${first.field}: ${first.message}${more}`;
}
