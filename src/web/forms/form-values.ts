/** Form values as posted (urlencoded, flat): strings, never nested objects. */
export type FormBody = Record<string, unknown>;

/** A posted text value, trimmed; '' when absent or not text. */
export function text(body: FormBody, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** '' becomes null: the API's "not given". */
export const orNull = (v: string | undefined): string | null => (v && v.length ? v : null);

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export function dateParts(body: FormBody, id: string): DateParts {
  return { day: text(body, `${id}-day`), month: text(body, `${id}-month`), year: text(body, `${id}-year`) };
}

/**
 * GOV.UK date input to the API's YYYY-MM-DD: null when all three are empty; otherwise the parts as
 * given (padded), so a date that is not real fails the API's own calendarDate rule.
 */
export function isoDate(parts: DateParts | undefined): string | null {
  if (!parts || (!parts.day && !parts.month && !parts.year)) return null;
  const pad = (v: string, n: number) => (/^\d+$/.test(v) ? v.padStart(n, '0') : v || 'x');
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/** The date input's items, with the error class on each part when the date has an error. */
export function dateItems(parts: DateParts | undefined, hasError: boolean) {
  const cls = (w: string) => `govuk-input--width-${w}${hasError ? ' govuk-input--error' : ''}`;
  return [
    { name: 'day', label: 'Day', classes: cls('2'), value: parts?.day ?? '' },
    { name: 'month', label: 'Month', classes: cls('2'), value: parts?.month ?? '' },
    { name: 'year', label: 'Year', classes: cls('4'), value: parts?.year ?? '' },
  ];
}
