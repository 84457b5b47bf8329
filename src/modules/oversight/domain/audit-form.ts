/** The threshold-audit form (SPEC MGT-1), from config/audit-form.yaml, and the check of one set of answers. Pure. */
import type { RuleBreak } from '../../../common/rule-break';

export const QUESTION_TYPES = ['yes_no', 'yes_no_na', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface AuditQuestion {
  id: string;
  text: string;
  type: QuestionType;
  required: boolean;
}

export interface AuditForm {
  version: string;
  questions: AuditQuestion[];
  /** Questions whose "yes" means the auditor agrees with the front door's decision. */
  agreement: string[];
}

const ALLOWED: Record<QuestionType, readonly string[] | null> = { yes_no: ['yes', 'no'], yes_no_na: ['yes', 'no', 'not_applicable'], text: null };

export function validateAuditForm(raw: unknown): { form?: AuditForm; problems: string[] } {
  const problems: string[] = [];
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o.version !== 'string' || !o.version) problems.push('version: a non-empty text is required');
  const questions = Array.isArray(o.questions) ? (o.questions as Record<string, unknown>[]) : [];
  if (!questions.length) problems.push('questions: at least one question is required');
  const ids = new Set<string>();
  questions.forEach((q, i) => {
    if (typeof q.id !== 'string' || !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(q.id)) problems.push(`questions[${i}].id: an identifier is required`);
    else if (ids.has(q.id)) problems.push(`questions[${i}].id: ${q.id} is used twice`);
    else ids.add(q.id);
    if (typeof q.text !== 'string' || !q.text) problems.push(`questions[${i}].text: the question text is required`);
    if (!QUESTION_TYPES.includes(q.type as QuestionType)) problems.push(`questions[${i}].type: one of ${QUESTION_TYPES.join(', ')}`);
    if (typeof q.required !== 'boolean') problems.push(`questions[${i}].required: true or false`);
  });
  const agreement = Array.isArray(o.agreement) ? (o.agreement as unknown[]) : [];
  if (!agreement.length) problems.push('agreement: at least one question id is required');
  for (const id of agreement) {
    const q = questions.find((x) => x.id === id);
    if (!q) problems.push(`agreement: ${String(id)} is not a question`);
    else if (q.type === 'text') problems.push(`agreement: ${String(id)} is a text question`);
  }
  if (problems.length) return { problems };
  return { form: { version: o.version as string, questions: questions as unknown as AuditQuestion[], agreement: agreement as string[] }, problems };
}

/** Checks answers against the form: every required question answered, only known questions, allowed values. */
export function checkAnswers(form: AuditForm, answers: Record<string, unknown>): RuleBreak[] {
  const problems: RuleBreak[] = [];
  for (const key of Object.keys(answers)) {
    if (!form.questions.some((q) => q.id === key)) problems.push({ field: `answers.${key}`, rule: 'MGT-1.unknown-question', message: `${key} is not a question of audit form ${form.version}` });
  }
  for (const q of form.questions) {
    const value = answers[q.id];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (q.required) problems.push({ field: `answers.${q.id}`, rule: 'MGT-1.required', message: `Answer "${q.text}"` });
      continue;
    }
    const allowed = ALLOWED[q.type];
    if (allowed && !allowed.includes(value as string)) problems.push({ field: `answers.${q.id}`, rule: 'MGT-1.answer-value', message: `Answer with one of ${allowed.join(', ')}` });
    if (!allowed && (typeof value !== 'string' || value.length > 10_000)) problems.push({ field: `answers.${q.id}`, rule: 'MGT-1.answer-value', message: 'Answer in words (at most 10,000 characters)' });
  }
  return problems;
}

/** The auditor agrees with the decision when every agreement question is answered "yes". */
export function isAgreement(form: AuditForm, answers: Record<string, unknown>): boolean {
  return form.agreement.every((id) => answers[id] === 'yes');
}
