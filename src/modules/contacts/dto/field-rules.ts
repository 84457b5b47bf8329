import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateBy, ValidateNested, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../domain/calendar-date';

/**
 * Field rules shared by the contact DTOs (SPEC INT-6, REL-4): every string has a maximum length and
 * refuses control characters; narrative fields may also hold line breaks and tabs. Optional fields
 * accept null as "not given", as the API examples send them.
 */
const CONTROL = /\p{Cc}/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

function refusing(pattern: RegExp, name: string, what: string, options?: ValidationOptions) {
  return ValidateBy(
    { name, validator: { validate: (v: unknown) => typeof v !== 'string' || !pattern.test(v), defaultMessage: (a) => `${a?.property} must not contain ${what}` } },
    options,
  );
}

const optional = (required: boolean) => (required ? [] : [IsOptional()]);

/** A short piece of text (a name, a role, a school): one line. */
export function Text(max: number, { required = false } = {}) {
  return applyDecorators(
    ...optional(required),
    IsString({ message: '$property must be text' }),
    MaxLength(max, { message: `$property must be at most ${max} characters` }),
    refusing(CONTROL, 'noControlCharacters', 'control characters'),
  );
}

/** Free narrative (a description, a view): may run over several lines. */
export function Narrative(max: number, { required = false } = {}) {
  return applyDecorators(
    ...optional(required),
    IsString({ message: '$property must be text' }),
    MaxLength(max, { message: `$property must be at most ${max} characters` }),
    refusing(CONTROL_EXCEPT_LINES, 'noControlCharacters', 'control characters other than line breaks and tabs'),
  );
}

export function TextList(maxItems: number, maxLength: number) {
  return applyDecorators(
    IsOptional(),
    IsArray({ message: '$property must be a list' }),
    ArrayMaxSize(maxItems, { message: `$property may hold at most ${maxItems} entries` }),
    IsString({ each: true, message: 'each of $property must be text' }),
    MaxLength(maxLength, { each: true, message: `each of $property must be at most ${maxLength} characters` }),
    refusing(CONTROL, 'noControlCharacters', 'control characters', { each: true }),
  );
}

export function OneOf(values: readonly string[], { required = false } = {}) {
  return applyDecorators(...optional(required), IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }));
}

export function OptionalBoolean() {
  return applyDecorators(IsOptional(), IsBoolean({ message: '$property must be true or false' }));
}

/** YYYY-MM-DD naming a real date from 1900 on. */
export function CalendarDate() {
  return applyDecorators(
    IsOptional(),
    ValidateBy({
      name: 'calendarDate',
      validator: { validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v), defaultMessage: (a) => `${a?.property} must be a real date written YYYY-MM-DD, from 1900 on` },
    }),
  );
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant: an ISO 8601 date and time with its offset (2019-03-04T10:15:00Z, 2019-07-01T09:00:00+01:00). */
export function Instant({ required = false } = {}) {
  return applyDecorators(
    ...optional(required),
    ValidateBy({
      name: 'instant',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && INSTANT.test(v) && isCalendarDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)),
        defaultMessage: (a) => `${a?.property} must be a date and time with its offset, e.g. 2019-03-04T10:15:00Z`,
      },
    }),
  );
}

/** A nested object (validated field by field). */
export function Nested(type: () => new () => object, { required = false } = {}) {
  return applyDecorators(...optional(required), IsObject({ message: '$property must be an object' }), ValidateNested(), Type(type));
}

/** A list of nested objects. */
export function NestedList(type: () => new () => object, maxItems: number, { required = false, minItems = 0, minMessage = '' } = {}) {
  return applyDecorators(
    ...optional(required),
    IsArray({ message: '$property must be a list' }),
    ArrayMaxSize(maxItems, { message: `$property may hold at most ${maxItems} entries` }),
    ...(minItems ? [ValidateBy({ name: 'arrayMinSize', validator: { validate: (v: unknown) => Array.isArray(v) && v.length >= minItems, defaultMessage: () => minMessage } })] : []),
    IsObject({ each: true, message: 'each of $property must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
  );
}
