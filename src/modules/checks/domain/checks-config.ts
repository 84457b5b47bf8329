import { CHECK_TYPES, CheckType } from './check-vocabulary';
import type { Grade, RequiredChecksConfig } from './required-checks';

/** config/checks.yaml: which checks are required (CHK-1, CHK-3, CHK-5) and the default due time. Pure validation. */
export interface ChecksConfig extends RequiredChecksConfig {
  version: string;
  /** Default time to answer when the requester gives none, in working days (cfg). */
  defaultDueWorkingDays: number;
}

const GRADES: Grade[] = ['RED', 'AMBER', 'GREEN'];

export function validateChecksConfig(raw: unknown): { config?: ChecksConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(raw)) return { problems: ['the file must be a mapping'] };
  allowKeys(raw, ['version', 'requiredForGrades', 'required', 'mentalHealth', 'due'], '', problems);
  if (typeof raw.version !== 'string' && typeof raw.version !== 'number') problems.push('version: required');

  const grades = list(raw.requiredForGrades, 'requiredForGrades', problems);
  grades.forEach((g, i) => !GRADES.includes(g as Grade) && problems.push(`requiredForGrades[${i}]: "${g}" is not RED, AMBER or GREEN`));

  const required = isRecord(raw.required) ? raw.required : (problems.push('required: must be a mapping'), {});
  allowKeys(required, ['perContact', 'perSubject', 'perHouseholdAdult'], 'required.', problems);
  const types = (value: unknown, at: string) => {
    const items = list(value ?? [], at, problems);
    items.forEach((t, i) => !CHECK_TYPES.includes(t as CheckType) && problems.push(`${at}[${i}]: "${t}" is not a check type (${CHECK_TYPES.join(', ')})`));
    return items as CheckType[];
  };
  const perContact = types(required.perContact, 'required.perContact');
  const perSubject = types(required.perSubject, 'required.perSubject');
  const perHouseholdAdult = types(required.perHouseholdAdult, 'required.perHouseholdAdult');

  const mh = isRecord(raw.mentalHealth) ? raw.mentalHealth : (problems.push('mentalHealth: must be a mapping (SPEC CHK-3)'), {});
  allowKeys(mh, ['checkType', 'concernCategories', 'adultKnownRisks'], 'mentalHealth.', problems);
  if (!CHECK_TYPES.includes(mh.checkType as CheckType)) problems.push('mentalHealth.checkType: must be a check type');
  const concernCategories = list(mh.concernCategories, 'mentalHealth.concernCategories', problems);
  const adultKnownRisks = list(mh.adultKnownRisks, 'mentalHealth.adultKnownRisks', problems);
  if (concernCategories.length + adultKnownRisks.length === 0) problems.push('mentalHealth: needs at least one concern category or known risk (SPEC CHK-3)');

  const due = isRecord(raw.due) ? raw.due : (problems.push('due: must be a mapping'), {});
  allowKeys(due, ['defaultWorkingDays'], 'due.', problems);
  const days = due.defaultWorkingDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 20) problems.push('due.defaultWorkingDays: must be a whole number of working days from 1 to 20');

  if (problems.length) return { problems };
  return {
    config: {
      version: String(raw.version),
      requiredForGrades: grades as Grade[],
      perContact,
      perSubject,
      perHouseholdAdult,
      mentalHealth: { checkType: mh.checkType as CheckType, concernCategories, adultKnownRisks },
      defaultDueWorkingDays: days as number,
    },
    problems,
  };
}

function list(value: unknown, at: string, problems: string[]): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    problems.push(`${at}: must be a list of words`);
    return [];
  }
  return value as string[];
}

function allowKeys(obj: Record<string, unknown>, allowed: string[], prefix: string, problems: string[]): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) problems.push(`${prefix}${key}: unknown key`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
