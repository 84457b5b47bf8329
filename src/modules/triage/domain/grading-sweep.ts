/** config/grading.yaml: when an ungraded contact is past its limit, and how often the sweeper looks. */
export interface GradingSweepConfig {
  ungradedAfterSeconds: number;
  sweepEverySeconds: number;
}

const positiveInteger = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;

/** The file's settings, or the problems found (each naming the key). */
export function parseGradingSweepConfig(raw: unknown): GradingSweepConfig | string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['the file must hold ungradedAfterSeconds and sweepEverySeconds'];
  const o = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(o)) if (key !== 'ungradedAfterSeconds' && key !== 'sweepEverySeconds') problems.push(`${key}: unknown setting`);
  if (!positiveInteger(o.ungradedAfterSeconds, 86_400)) problems.push('ungradedAfterSeconds: a whole number of seconds from 1 to 86400');
  if (!positiveInteger(o.sweepEverySeconds, 3_600)) problems.push('sweepEverySeconds: a whole number of seconds from 1 to 3600');
  return problems.length ? problems : { ungradedAfterSeconds: o.ungradedAfterSeconds as number, sweepEverySeconds: o.sweepEverySeconds as number };
}
