import { ConfigError } from '../../../common/config-error';
/**
 * A very small structural checker for the YAML files in config/ (calendar, SLA, threshold framework).
 * Pure TypeScript. Each check records a problem with the path of the offending value, so a bad file
 * fails the boot with every mistake named, e.g. `rules[3].when.concern.categoryIn[0]: "sexual_abus" is
 * not one of ...`.
 */
export class ConfigProblems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(`${path || '(root)'}: ${message}`);
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  isObject(value: unknown, path: string): value is Record<string, unknown> {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return true;
    this.add(path, 'must be a mapping (key: value)');
    return false;
  }

  isArray(value: unknown, path: string, { minLength = 0 } = {}): value is unknown[] {
    if (!Array.isArray(value)) {
      this.add(path, 'must be a list');
      return false;
    }
    if (value.length < minLength) {
      this.add(path, `must have at least ${minLength} item${minLength === 1 ? '' : 's'}`);
      return false;
    }
    return true;
  }

  isString(value: unknown, path: string, { pattern }: { pattern?: RegExp } = {}): value is string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(path, 'must be a non-empty text');
      return false;
    }
    if (pattern && !pattern.test(value)) {
      this.add(path, `"${value}" does not match ${pattern}`);
      return false;
    }
    return true;
  }

  isBoolean(value: unknown, path: string): value is boolean {
    if (typeof value === 'boolean') return true;
    this.add(path, 'must be true or false');
    return false;
  }

  isInteger(value: unknown, path: string, { min, max }: { min?: number; max?: number } = {}): value is number {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(path, 'must be a whole number');
      return false;
    }
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      this.add(path, `must be between ${min ?? '-inf'} and ${max ?? 'inf'}`);
      return false;
    }
    return true;
  }

  isOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): value is T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
    this.add(path, `${JSON.stringify(value)} is not one of: ${allowed.join(', ')}`);
    return false;
  }

  isIsoDate(value: unknown, path: string): value is string {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      // Date.parse accepts 2026-02-30; round-trip to reject it.
      if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value) return true;
    }
    this.add(path, `${JSON.stringify(value)} is not a date (YYYY-MM-DD)`);
    return false;
  }

  /** Rejects keys a reader would expect to matter but the code ignores (a typo must not pass silently). */
  onlyKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(path ? `${path}.${key}` : key, `unknown key (allowed: ${allowed.join(', ')})`);
    }
  }

  /** Throws one error naming the file and every problem. */
  throwIfAny(what: string): void {
    if (!this.ok) throw new ConfigError(`Invalid ${what}:\n  - ${this.list.join('\n  - ')}`);
  }
}
