import type { RuleBreak } from '../../common/rule-break';
import type { AuditForm } from '../../modules/oversight/domain/audit-form';
import { pageErrors } from '../forms/page-errors';
import { formatDate, formatDateTime } from '../view-models/dates';
import { pageTitle } from '../view-models/page';
import { horizontalBars } from './charts';
import { monthWords, recentMonths } from './months';

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? 'No answers yet' : `${Math.round(rate * 1000) / 10}%`);
const num = (n: number) => ({ text: String(n), format: 'numeric' });
const OUTCOME_WORDS: Record<string, string> = {
  nfa: 'No further action', advice_signpost: 'Advice and signposting', early_help: 'Early help', cin_assessment: 'Child and family assessment (s17)',
  strategy_discussion: 'Strategy discussion (s47)', immediate_protection: 'Immediate protection', existing_case: 'Existing case',
};
const REASON_WORDS: Record<string, string> = { random: 'Random share', nfa_accumulation_flag: 'NFA with an accumulation flag', override: 'Override of a guard', step_down_cp_indicator: 'Step-down with a CP indicator' };
const ANSWER_WORDS: Record<string, string> = { yes: 'Yes', no: 'No', not_applicable: 'Not applicable' };

type SampleSummary = { id: string; from: string; to: string; decisionsInPeriod: number; sampled: number; answered: number; createdAt: string };
type MonthRate = { month: string; answered: number; agreed: number; rate: number | null };

/** Threshold audits (SPEC MGT-1): draw the month's sample, the samples drawn, agreement over time. */
export function auditsPage(samples: SampleSummary[], overTime: MonthRate[], now: Date, opts: { canDraw: boolean; month?: string; details?: RuleBreak[] }) {
  const errors = pageErrors(opts.details ?? [], [{ field: 'month', input: 'month', label: 'The month' }, { field: 'from', input: 'month', label: 'The month' }, { field: 'to', input: 'month', label: 'The month' }]);
  const months = recentMonths(now);
  const chosen = opts.month ?? months[0].value;
  return {
    title: pageTitle('Threshold audits', errors.summary.length > 0),
    errorSummary: errors.summary, errors: errors.byInput, canDraw: opts.canDraw,
    monthItems: months.map((m) => ({ ...m, selected: m.value === chosen })),
    sampleRows: samples.map((s) => [
      { html: `<a class="govuk-link" href="/manager/audits/${s.id}">${formatDate(s.from)} to ${formatDate(new Date(new Date(s.to).getTime() - 1).toISOString())}</a>` },
      num(s.decisionsInPeriod), num(s.sampled), num(s.answered), { text: formatDateTime(s.createdAt) },
    ]),
    rateRows: overTime.map((r) => [{ text: monthWords(r.month) }, num(r.answered), num(r.agreed), { text: pct(r.rate), format: 'numeric' }]),
    rateChart: horizontalBars('chart-agreement', 'Agreement rate by month', 'table-agreement', overTime.map((r) => ({ label: monthWords(r.month), value: r.rate ?? 0, display: pct(r.rate) })), 1),
  };
}

interface SampleItem { decisionId: string; position: number; reasons: string[]; outcome: string; thresholdLevel: number | null; gradeAtDecision: string | null; contactId: string; decidedAt: string | Date; answers: number }
interface Agreement { overall: { answered: number; agreed: number; rate: number | null }; byWorker: { name: string | null; answered: number; agreed: number; rate: number | null }[]; definition: string }

/** One sample: its decisions, each with the audit form, and this sample's agreement rate. */
export function samplePage(s: { id: string; from: string; to: string; seed: string; decisionsInPeriod: number; items: SampleItem[]; agreement: Agreement }, canAnswer: boolean) {
  return {
    title: pageTitle('Audit sample'), backLink: '/manager/audits',
    period: `${formatDate(s.from)} to ${formatDate(new Date(new Date(s.to).getTime() - 1).toISOString())}`,
    decisionsInPeriod: s.decisionsInPeriod, sampled: s.items.length, seed: s.seed,
    agreement: { answered: s.agreement.overall.answered, agreed: s.agreement.overall.agreed, rate: pct(s.agreement.overall.rate) }, definition: s.agreement.definition,
    itemRows: s.items.map((i) => [
      { html: `<a class="govuk-link" href="/manager/audits/${s.id}/decisions/${i.decisionId}">Decision ${i.position + 1}</a>` },
      { text: OUTCOME_WORDS[i.outcome] ?? i.outcome }, { text: i.gradeAtDecision ?? 'Not graded' }, { text: formatDateTime(i.decidedAt) },
      { text: i.reasons.map((r) => REASON_WORDS[r] ?? r).join(', ') }, { text: i.answers ? `Answered (${i.answers})` : 'Not answered' },
    ]),
    workerRows: s.agreement.byWorker.map((w) => [{ text: w.name ?? 'Unknown' }, num(w.answered), num(w.agreed), { text: pct(w.rate), format: 'numeric' }]),
    canAnswer,
  };
}

/** The audit form for one sampled decision (config/audit-form.yaml), with the hindsight question. */
export function auditFormPage(sampleId: string, item: SampleItem, form: AuditForm, answers: Record<string, string>, canAnswer: boolean, details: RuleBreak[] = []) {
  const errors = pageErrors(details, form.questions.map((q) => ({ field: `answers.${q.id}`, input: q.id, label: q.text })));
  const choices = (type: string) => (type === 'yes_no_na' ? ['yes', 'no', 'not_applicable'] : ['yes', 'no']);
  return {
    title: pageTitle('Audit a decision', errors.summary.length > 0), backLink: `/manager/audits/${sampleId}`,
    errorSummary: errors.summary, errors: errors.byInput, action: `/manager/audits/${sampleId}/decisions/${item.decisionId}`, canAnswer,
    rows: [
      { key: { text: 'Outcome' }, value: { text: OUTCOME_WORDS[item.outcome] ?? item.outcome } },
      { key: { text: 'Threshold level' }, value: { text: item.thresholdLevel ? String(item.thresholdLevel) : 'Not recorded' } },
      { key: { text: 'Grade when decided' }, value: { text: item.gradeAtDecision ?? 'Not graded' } },
      { key: { text: 'Decided' }, value: { text: formatDateTime(item.decidedAt) } },
      { key: { text: 'Why it was sampled' }, value: { text: item.reasons.map((r) => REASON_WORDS[r] ?? r).join(', ') } },
      { key: { text: 'The contact' }, value: { html: `<a class="govuk-link" href="/mash/contacts/${item.contactId}">Open the contact</a>` } },
    ],
    questions: form.questions.map((q) => ({
      id: q.id, text: q.text, type: q.type, value: answers[q.id] ?? '', error: errors.byInput[q.id],
      items: q.type === 'text' ? [] : choices(q.type).map((c) => ({ value: c, text: ANSWER_WORDS[c], checked: answers[q.id] === c })),
    })),
  };
}
