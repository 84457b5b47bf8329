import type { VerifyReport } from '../../audit/audit-verifier.service';
import type { AuditEvent } from '../../audit/persistence/audit-event.entity';
import type { DecisionView, OverrideEntry } from '../../modules/decisions/decisions-query.service';
import { formatDateTime } from '../view-models/dates';
import { pageTitle } from '../view-models/page';
import { escape } from './administration-pages';

const when = (value: Date | string | null | undefined) => (value ? formatDateTime(value) : '');
const words = (code: string | null | undefined) => (code ?? '').replace(/_/g, ' ');
const next = (base: string, cursor: string | null) => (cursor ? `${base}?cursor=${encodeURIComponent(cursor)}` : null);

/** Where an event's record can be read from these pages (only records these pages show). */
function recordLink(e: Pick<AuditEvent, 'entityType' | 'entityId'>, role: string): string | null {
  if (!e.entityId) return null;
  if (e.entityType === 'threshold_decision') return `/audit/decisions/${e.entityId}`;
  if (e.entityType === 'audit_sample') return `/audit/samples/${e.entityId}`;
  if (e.entityType === 'person' && role === 'mash_manager') return `/audit/people/${e.entityId}/viewers`;
  return null;
}

export function auditHomePage(role: string, accessExpiresAt: Date | null, now: Date) {
  const days = accessExpiresAt ? Math.max(0, Math.ceil((accessExpiresAt.getTime() - now.getTime()) / 86_400_000)) : null;
  return {
    title: pageTitle('Audit'),
    isManager: role === 'mash_manager',
    accessExpires: role === 'auditor' && accessExpiresAt ? { text: when(accessExpiresAt), days } : null,
  };
}

export function trailPage(events: AuditEvent[], nextCursor: string | null, role: string) {
  return {
    title: pageTitle('Audit trail'),
    rows: events.map((e) => {
      const link = recordLink(e, role);
      const record = `${words(e.entityType)}${e.entityId ? ` ${e.entityId.slice(0, 8)}` : ''}`;
      return [
        { text: String(e.seq), format: 'numeric' },
        { text: when(e.occurredAt) },
        { text: words(e.actorRole) },
        { text: e.action },
        link ? { html: `<a class="govuk-link" href="${link}">${escape(record)}</a>` } : { text: record },
      ];
    }),
    nextPage: next('/audit/trail', nextCursor),
  };
}

export function verifyPage(report: VerifyReport) {
  return {
    title: pageTitle('Verify the audit trail'),
    ok: report.ok,
    summary: [
      { key: { text: 'Result' }, value: { text: report.ok ? 'The trail is intact' : 'The trail is broken' } },
      { key: { text: 'Events checked' }, value: { text: report.eventsChecked.toLocaleString('en-GB') } },
      { key: { text: 'Seals checked' }, value: { text: report.sealsChecked.toLocaleString('en-GB') } },
      { key: { text: 'Events older than a minute not yet sealed' }, value: { text: String(report.unsealedOlderThanOneMinute) } },
      {
        key: { text: 'Last checkpoint outside the database' },
        value: { text: report.checkpoint ? `Seal ${report.checkpoint.sealNo}, ${report.checkpoint.eventCount.toLocaleString('en-GB')} events, ${when(report.checkpoint.at)}` : 'None written yet' },
      },
    ],
    broken: report.firstBroken
      ? [
          { key: { text: 'What' }, value: { text: { event: 'An event was changed', seal: 'The chain of seals is broken', checkpoint: 'The chain no longer meets its checkpoint', unsealed: 'Events were left unsealed' }[report.firstBroken.kind] } },
          { key: { text: 'Where' }, value: { text: [report.firstBroken.sealNo && `seal ${report.firstBroken.sealNo}`, report.firstBroken.eventSeq && `event ${report.firstBroken.eventSeq}`].filter(Boolean).join(', ') || 'see the reason' } },
          { key: { text: 'Reason' }, value: { text: report.firstBroken.reason } },
        ]
      : null,
  };
}

export function viewersPage(personId: string, items: { occurredAt: Date; userName: string | null; role: string; agencyName: string | null; action: string; entityType: string; view: string | null }[], nextCursor: string | null) {
  return {
    title: pageTitle('Who viewed this child'),
    rows: items.map((i) => [{ text: when(i.occurredAt) }, { text: i.userName ?? (i.role === 'public' ? 'Member of the public' : words(i.role)) }, { text: words(i.role) }, { text: i.agencyName ?? '' }, { text: `${words(i.entityType)}${i.view ? ` (${words(i.view)})` : ''}` }]),
    nextPage: next(`/audit/people/${personId}/viewers`, nextCursor),
  };
}

export function decisionsPage(items: OverrideEntry[], nextCursor: string | null) {
  return {
    title: pageTitle('Decisions: the override register'),
    rows: items.map((d) => [
      { html: `<a class="govuk-link" href="/audit/decisions/${d.decisionId}">${escape(when(d.decidedAt))}</a>` },
      { text: words(d.outcome) },
      { text: String(d.thresholdLevel), format: 'numeric' },
      { text: d.gradeAtDecision ?? '' },
      { text: d.overriddenRules.join(', ') },
      { text: words(d.status) },
    ]),
    nextPage: next('/audit/decisions', nextCursor),
  };
}

export function decisionPage(d: DecisionView) {
  return {
    title: pageTitle('Threshold decision'),
    summary: [
      { key: { text: 'Outcome' }, value: { text: words(d.outcome) } },
      { key: { text: 'Threshold level' }, value: { text: String(d.thresholdLevel) } },
      { key: { text: 'Status' }, value: { text: words(d.status) } },
      { key: { text: 'Decided' }, value: { text: when(d.decidedAt) } },
      { key: { text: 'Final' }, value: { text: when(d.finalAt) || 'Not yet' } },
      { key: { text: 'Framework' }, value: { text: d.frameworkVersion } },
      { key: { text: 'History reviewed' }, value: { text: d.historyReviewed ? 'Yes' : 'No' } },
      { key: { text: 'Rationale' }, value: { text: d.rationale } },
      ...(d.overriddenRules?.length ? [{ key: { text: 'Guards overridden' }, value: { text: `${d.overriddenRules.join(', ')}: ${d.overrideReason ?? ''}` } }] : []),
    ],
    chain: d.supersessionChain.map((link) => [
      { html: `<a class="govuk-link" href="/audit/decisions/${link.id}">${escape(words(link.outcome))}</a>` },
      { text: words(link.status) },
      { text: when(link.decidedAt) },
    ]),
  };
}

type Agreement = { definition: string; overall: { answered: number; agreed: number; rate: number | null }; byWorker: { name: string | null; answered: number; agreed: number; rate: number | null }[]; byTeam: { team: string | null; answered: number; agreed: number; rate: number | null }[] };
const percent = (rate: number | null) => (rate === null ? 'No answers' : `${Math.round(rate * 1000) / 10}%`);

export function resultsPage(a: Agreement, from: Date, to: Date) {
  return {
    title: pageTitle('Audit results'),
    period: `${when(from)} to ${when(to)}`,
    definition: a.definition,
    overall: [
      { key: { text: 'Decisions audited' }, value: { text: String(a.overall.answered) } },
      { key: { text: 'Auditor agreed' }, value: { text: String(a.overall.agreed) } },
      { key: { text: 'Agreement rate' }, value: { text: percent(a.overall.rate) } },
    ],
    byWorker: a.byWorker.map((w) => [{ text: w.name ?? 'Unknown' }, { text: String(w.answered), format: 'numeric' }, { text: String(w.agreed), format: 'numeric' }, { text: percent(w.rate), format: 'numeric' }]),
    byTeam: a.byTeam.map((t) => [{ text: t.team ?? 'Unknown' }, { text: String(t.answered), format: 'numeric' }, { text: String(t.agreed), format: 'numeric' }, { text: percent(t.rate), format: 'numeric' }]),
  };
}

export function samplePage(s: { from: string; to: string; decisionsInPeriod: number; items: { decisionId: string; reasons: string[]; outcome: string; thresholdLevel: number; answers: number }[]; agreement: Agreement }) {
  return {
    title: pageTitle('Audit sample'),
    period: `${when(s.from)} to ${when(s.to)}`,
    decisionsInPeriod: s.decisionsInPeriod,
    rows: s.items.map((i) => [
      { html: `<a class="govuk-link" href="/audit/decisions/${i.decisionId}">${escape(words(i.outcome))}</a>` },
      { text: String(i.thresholdLevel), format: 'numeric' },
      { text: i.reasons.map(words).join(', ') },
      { text: i.answers ? 'Audited' : 'Not yet audited' },
    ]),
    overall: percent(s.agreement.overall.rate),
  };
}
