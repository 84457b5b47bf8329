import { ArgumentMetadata, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { RuleBreak, InvalidInputException } from './errors';
import { plainAcceptance } from './plain-acceptance';
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

/**
 * Nest's pipe, without two walks over every value that cannot find anything here. Nest looks
 * through each value for binary values (a Buffer or typed array, which a WebSocket or microservice
 * message can carry) and for holes in arrays, to refuse or close them before class-transformer
 * copies the value. Everything this pipe sees comes from JSON.parse (request bodies, imported
 * lines), a urlencoded form or a query string parsed without `qs`, or a route parameter: strings,
 * numbers, booleans, null, plain objects and dense arrays, never a binary value or a hole. The two
 * walks were 1% of the API's CPU under bench:intake, with the garbage they make.
 */
class ParsedInputValidationPipe extends ValidationPipe {
  private readonly quickChecks = new Map<ArgumentMetadata['metatype'], (value: unknown) => boolean>();

  /**
   * A value plainAcceptance says the pipe would accept is returned as it came (plain objects, not
   * DTO instances: no DTO has methods, and nothing tests for its class); everything else, and every
   * refusal with its wording, goes through the pipe. Building the instances and the error tree of a
   * valid contact was about a fifth of the API's CPU per contact under bench:intake.
   */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metatype && this.toValidate(metadata)) {
      let accepts = this.quickChecks.get(metatype);
      if (!accepts) this.quickChecks.set(metatype, (accepts = plainAcceptance(metatype as new () => object)));
      if (accepts(value)) return value;
    }
    return super.transform(value, metadata);
  }

  protected override findNestedBinaryValues(): ValidationError[] {
    return [];
  }

  protected override closeArrayGaps(): void {}
}

/**
 * The global validation's options: strips nothing silently, rejects unknown properties, transforms
 * to DTO classes. Exported so that tests can hold the pipe's quick path to Nest's pipe itself.
 */
export function validationPipeOptions(): ValidationPipeOptions {
  return {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputException(toDetails(errors)),
  };
}

/** Global validation (see validationPipeOptions), with the metadata cache and the quick path. */
export function createValidationPipe(): ValidationPipe {
  installValidationMetadataCache();
  return new ParsedInputValidationPipe(validationPipeOptions());
}
