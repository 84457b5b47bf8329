import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RuleBreak, InvalidInputException } from './errors';
import { installValidationMetadataCache } from './validation-metadata-cache';

/** Flattens class-validator's tree into API.md details: `subjects[0].dateOfBirth`. */
export function toDetails(errors: ValidationError[], parent = ''): RuleBreak[] {
  const out: RuleBreak[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const field = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, rule: rule === 'whitelistValidation' ? 'unknownProperty' : rule, message: rule === 'whitelistValidation' ? `${field} is not a known field` : message });
    }
    if (error.children?.length) out.push(...toDetails(error.children, field));
  }
  return out;
}

/** Global validation: strips nothing silently, rejects unknown properties, transforms to DTO classes. */
export function createValidationPipe(): ValidationPipe {
  installValidationMetadataCache();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputException(toDetails(errors)),
  });
}
