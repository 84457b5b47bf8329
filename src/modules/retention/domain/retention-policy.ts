/** Retention periods per record type (SPEC SEC-5), read from config/retention.yaml. Pure. */

export const CONTACT_RECORD_TYPES = ['contacts_nfa', 'referrals', 'strategy_records', 'step_downs'] as const;
export type ContactRecordType = (typeof CONTACT_RECORD_TYPES)[number];
export const RECORD_TYPES = [...CONTACT_RECORD_TYPES, 'feedback'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export type RetentionAnchor = 'closure' | 'child_date_of_birth' | 'sent';

const ANCHORS: Record<RecordType, RetentionAnchor[]> = {
  contacts_nfa: ['closure', 'child_date_of_birth'],
  referrals: ['closure', 'child_date_of_birth'],
  strategy_records: ['closure', 'child_date_of_birth'],
  step_downs: ['closure', 'child_date_of_birth'],
  feedback: ['sent'],
};

export interface RetentionRule {
  /** The period in whole months (years x 12 + months). */
  keepMonths: number;
  from: RetentionAnchor;
}

export interface RetentionPolicy {
  version: string;
  sweepEverySeconds: number;
  batchSize: number;
  rules: Record<RecordType, RetentionRule>;
}

/** Checks the parsed YAML; returns the policy or every problem, each naming its field and rule. */
export function parseRetentionPolicy(raw: unknown): { policy?: RetentionPolicy; problems: string[] } {
  const problems: string[] = [];
  const doc = (raw ?? {}) as Record<string, unknown>;
  const wholeNumber = (value: unknown, field: string, min: number, max: number): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) problems.push(`${field}: must be a whole number from ${min} to ${max}`);
    return value as number;
  };
  const sweepEverySeconds = wholeNumber(doc.sweepEverySeconds ?? 3600, 'sweepEverySeconds', 60, 7 * 86400);
  const batchSize = wholeNumber(doc.batchSize ?? 200, 'batchSize', 1, 5000);
  const types = (doc.recordTypes ?? {}) as Record<string, unknown>;
  if (typeof types !== 'object' || Array.isArray(types)) problems.push('recordTypes: must map each record type to {keep, from}');
  for (const name of Object.keys(types)) {
    if (!(RECORD_TYPES as readonly string[]).includes(name)) problems.push(`recordTypes.${name}: is not a record type (${RECORD_TYPES.join(', ')})`);
  }
  const rules = {} as Record<RecordType, RetentionRule>;
  for (const type of RECORD_TYPES) {
    const entry = types[type] as { keep?: Record<string, unknown>; from?: unknown } | undefined;
    if (!entry || typeof entry !== 'object') {
      problems.push(`recordTypes.${type}: is required (keep and from)`);
      continue;
    }
    const keep = entry.keep ?? {};
    for (const unit of Object.keys(keep)) if (unit !== 'years' && unit !== 'months') problems.push(`recordTypes.${type}.keep.${unit}: only years and months are allowed`);
    const years = keep.years === undefined ? 0 : wholeNumber(keep.years, `recordTypes.${type}.keep.years`, 0, 150);
    const months = keep.months === undefined ? 0 : wholeNumber(keep.months, `recordTypes.${type}.keep.months`, 0, 1800);
    const keepMonths = years * 12 + months;
    if (!(keepMonths > 0)) problems.push(`recordTypes.${type}.keep: must be at least one month`);
    if (!ANCHORS[type].includes(entry.from as RetentionAnchor)) problems.push(`recordTypes.${type}.from: must be one of ${ANCHORS[type].join(', ')}`);
    rules[type] = { keepMonths, from: entry.from as RetentionAnchor };
  }
  if (problems.length) return { problems };
  return { policy: { version: String(doc.version ?? 'retention'), sweepEverySeconds, batchSize, rules }, problems };
}
