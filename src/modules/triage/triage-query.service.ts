import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccumulationFlag } from '../people/people-for-triage';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../common/pagination';
import { CLOSED_STATUSES_SQL, ContactStatus, ReferrerType } from '../contacts/domain/contact-vocabulary';
import { describeDuration } from '../calendar/domain/clock-duration';
import { slaClocks } from '../calendar/clock-records';
import type { Grade } from './domain/grades';
import type { FiredRule } from './domain/rule-engine';
import { SubjectGradeChange } from './persistence/subject-grade-change.entity';
import { SubjectGrade } from './persistence/subject-grade.entity';
import { Approval } from './persistence/approval.entity';
import { ThresholdFrameworks } from './threshold-frameworks';

export interface QueueFilter {
  grade?: Grade;
  status?: ContactStatus;
  /** a user id, or "none" for unassigned */
  assignedTo?: string;
  breached?: boolean;
  /** An accumulation flag's rule id (PPL-4.*), "any" for any flag, or "cp-plan" for a child on a CP plan. */
  flag?: string;
  referrerType?: ReferrerType;
  /** Contacts with a child in this age band on the day the contact was received. */
  ageBand?: AgeBand;
  /** Pages ordered otherwise than by decision due time go by offset, not cursor. */
  sort?: QueueSort;
  offset?: number;
  limit?: number;
  cursor?: string;
}

export const QUEUE_SORTS = ['due', 'due-desc', 'received', 'received-desc', 'grade'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const AGE_BANDS = ['unborn', 'under-1', '1-4', '5-10', '11-15', '16-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
const AGE_SQL: Record<AgeBand, string> = {
  unborn: 's.date_of_birth IS NULL AND s.expected_delivery_date IS NOT NULL',
  'under-1': "s.date_of_birth > (c.received_at AT TIME ZONE 'Europe/London')::date - interval '1 year'",
  '1-4': "s.date_of_birth <= (c.received_at AT TIME ZONE 'Europe/London')::date - interval '1 year' AND s.date_of_birth > (c.received_at AT TIME ZONE 'Europe/London')::date - interval '5 years'",
  '5-10': "s.date_of_birth <= (c.received_at AT TIME ZONE 'Europe/London')::date - interval '5 years' AND s.date_of_birth > (c.received_at AT TIME ZONE 'Europe/London')::date - interval '11 years'",
  '11-15': "s.date_of_birth <= (c.received_at AT TIME ZONE 'Europe/London')::date - interval '11 years' AND s.date_of_birth > (c.received_at AT TIME ZONE 'Europe/London')::date - interval '16 years'",
  '16-17': "s.date_of_birth <= (c.received_at AT TIME ZONE 'Europe/London')::date - interval '16 years'",
};
const ORDER_SQL: Record<QueueSort, string> = {
  due: 't.decision_due_at, t.contact_id',
  'due-desc': 't.decision_due_at DESC, t.contact_id DESC',
  received: 'c.received_at, c.id',
  'received-desc': 'c.received_at DESC, c.id DESC',
  grade: "CASE t.grade WHEN 'RED' THEN 0 WHEN 'AMBER' THEN 1 ELSE 2 END, t.decision_due_at, t.contact_id",
};

export interface QueueItem {
  id: string;
  reference: string;
  grade: Grade;
  provisionalGrade: Grade;
  flags: { ruleId: string; label: string }[];
  firedRules: string[];
  /** A child on the contact is on a child protection plan now (the fact grading read). */
  onCpPlan: boolean;
  decisionDueAt: string;
  /** Seconds until the decision is due; negative once overdue. */
  timeLeftSeconds: number;
  breached: boolean;
  status: ContactStatus;
  assignedTo: { userId: string; name: string } | null;
  receivedAt: string;
}

interface QueueRow {
  id: string;
  reference: string;
  status: ContactStatus;
  received_at: Date;
  grade: Grade;
  provisional_grade: Grade;
  decision_due_at: Date;
  assigned_to_user_id: string | null;
  assignee_name: string | null;
  breached_at: Date | null;
  flags: { ruleId: string; label: string }[];
  rules: string[];
  on_cp_plan: boolean;
}

/** Read side of triage: the queue (SPEC RAG-4) and everything a worker needs for one contact. */
@Injectable()
export class TriageQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly frameworks: ThresholdFrameworks,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** Open contacts by decision due time; undefined for a cursor this API did not give out. */
  async queue(filter: QueueFilter): Promise<Page<QueueItem> & { hasMore: boolean }> {
    const limit = filter.limit ?? 50;
    const params: unknown[] = [];
    const where = [`c.status NOT IN (${CLOSED_STATUSES_SQL})`];
    const p = (value: unknown) => `$${params.push(value)}`;
    if (filter.grade) where.push(`t.grade = ${p(filter.grade)}`);
    if (filter.status) where.push(`c.status = ${p(filter.status)}`);
    if (filter.assignedTo === 'none') where.push('t.assigned_to_user_id IS NULL');
    else if (filter.assignedTo) where.push(`t.assigned_to_user_id = ${p(filter.assignedTo)}::uuid`);
    if (filter.breached === true) where.push('k.breached_at IS NOT NULL');
    if (filter.breached === false) where.push('k.breached_at IS NULL');
    if (filter.referrerType) where.push(`c.referrer_type = ${p(filter.referrerType)}`);
    if (filter.ageBand) where.push(`EXISTS (SELECT 1 FROM contact_subject s WHERE s.contact_id = c.id AND ${AGE_SQL[filter.ageBand]})`);
    if (filter.flag === 'cp-plan') {
      where.push(`EXISTS (SELECT 1 FROM subject_grade sg WHERE sg.contact_id = c.id AND (sg.facts->>'onCurrentCpPlan')::boolean IS TRUE)`);
    } else if (filter.flag === 'any') {
      where.push(`EXISTS (SELECT 1 FROM subject_grade sg WHERE sg.contact_id = c.id AND jsonb_array_length(sg.flags) > 0)`);
    } else if (filter.flag) {
      where.push(`EXISTS (SELECT 1 FROM subject_grade sg WHERE sg.contact_id = c.id AND sg.flags @> jsonb_build_array(jsonb_build_object('ruleId', ${p(filter.flag)}::text)))`);
    }
    const sort = filter.sort ?? 'due';
    if (filter.cursor && sort === 'due') {
      const [due, id] = decodeTimeIdCursor(filter.cursor)!;
      where.push(`(t.decision_due_at, t.contact_id) > (${p(due)}::timestamptz, ${p(id)}::uuid)`);
    }
    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT c.id, c.reference, c.status, c.received_at, t.grade, t.provisional_grade, t.decision_due_at, t.assigned_to_user_id,
              u.name AS assignee_name, k.breached_at,
              (SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('ruleId', f->>'ruleId', 'label', f->>'label')), '[]'::jsonb)
                 FROM subject_grade sg CROSS JOIN LATERAL jsonb_array_elements(sg.flags) f WHERE sg.contact_id = c.id) AS flags,
              (SELECT coalesce(jsonb_agg(DISTINCT r->>'ruleId'), '[]'::jsonb)
                 FROM subject_grade sg CROSS JOIN LATERAL jsonb_array_elements(sg.fired_rules) r WHERE sg.contact_id = c.id) AS rules,
              EXISTS (SELECT 1 FROM subject_grade sg WHERE sg.contact_id = c.id AND (sg.facts->>'onCurrentCpPlan')::boolean IS TRUE) AS on_cp_plan
         FROM contact_triage t
         JOIN contact c ON c.id = t.contact_id
         LEFT JOIN app_user u ON u.id = t.assigned_to_user_id
         LEFT JOIN sla_clock k ON k.id = t.decision_clock_id AND k.met_at IS NULL AND k.cancelled_at IS NULL
        WHERE ${where.join(' AND ')}
        ORDER BY ${ORDER_SQL[sort]}
        LIMIT ${limit + 1}${filter.offset ? ` OFFSET ${Math.max(0, Math.floor(filter.offset))}` : ''}`,
      params,
    );
    const now = this.now().getTime();
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id,
      reference: r.reference,
      grade: r.grade,
      provisionalGrade: r.provisional_grade,
      flags: r.flags,
      firedRules: r.rules,
      onCpPlan: r.on_cp_plan,
      decisionDueAt: r.decision_due_at.toISOString(),
      timeLeftSeconds: Math.floor((r.decision_due_at.getTime() - now) / 1000),
      breached: r.breached_at !== null,
      status: r.status,
      assignedTo: r.assigned_to_user_id ? { userId: r.assigned_to_user_id, name: r.assignee_name ?? '' } : null,
      receivedAt: r.received_at.toISOString(),
    }));
    const last = rows.length > limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last && sort === 'due' && !filter.offset ? encodeTimeIdCursor(last.decisionDueAt, last.id) : null, hasMore: rows.length > limit };
  }

  /** Everything for the triage decision on one contact; undefined when there is no such contact. */
  async contactTriage(contactId: string) {
    const [contact] = await this.dataSource.query(
      `SELECT c.id, c.reference, c.status, c.received_at, c.urgency, c.referrer_says_child_protection,
              t.grade, t.provisional_grade, t.decision_due_at, t.assigned_to_user_id, t.assigned_at, t.framework_version, t.graded_at, u.name AS assignee_name
         FROM contact c LEFT JOIN contact_triage t ON t.contact_id = c.id LEFT JOIN app_user u ON u.id = t.assigned_to_user_id
        WHERE c.id = $1`,
      [contactId],
    );
    if (!contact) return undefined;
    const em = this.dataSource.manager;
    const subjects: { id: string; position: number; date_of_birth: string | null; expected_delivery_date: string | null; person_id: string | null }[] = await em.query(
      'SELECT id, position, date_of_birth::text, expected_delivery_date::text, person_id FROM contact_subject WHERE contact_id = $1 ORDER BY position',
      [contactId],
    );
    const [grades, changes, clocks, approvals] = await Promise.all([
      em.find(SubjectGrade, { where: { contactId } }),
      em.find(SubjectGradeChange, { where: { contactId }, order: { createdAt: 'ASC' } }),
      slaClocks.ofContact(em, contactId),
      em.find(Approval, { where: { contactId }, order: { requestedAt: 'ASC' } }),
    ]);
    const causing = await this.causingContacts(grades.flatMap((g) => g.flags));
    const history = await this.historySummary(contactId, subjects.map((s) => s.person_id).filter((id): id is string => !!id));
    const framework = contact.framework_version ? (this.frameworks.version(contact.framework_version) ?? this.frameworks.active) : this.frameworks.active;
    const now = this.now().getTime();
    return {
      contactId: contact.id,
      reference: contact.reference,
      status: contact.status as ContactStatus,
      receivedAt: contact.received_at.toISOString(),
      graded: contact.grade !== null,
      grade: contact.grade as Grade | null,
      provisionalGrade: contact.provisional_grade as Grade | null,
      decisionDueAt: contact.decision_due_at ? contact.decision_due_at.toISOString() : null,
      timeLeftSeconds: contact.decision_due_at ? Math.floor((contact.decision_due_at.getTime() - now) / 1000) : null,
      assignedTo: contact.assigned_to_user_id ? { userId: contact.assigned_to_user_id, name: contact.assignee_name, since: contact.assigned_at?.toISOString() ?? null } : null,
      frameworkVersion: contact.framework_version as string | null,
      referrerView: { urgency: contact.urgency, isChildProtection: contact.referrer_says_child_protection },
      subjects: subjects.map((s) => {
        const g = grades.find((x) => x.subjectId === s.id);
        const pending = g ? approvals.find((a) => a.targetId === g.id && a.status === 'pending') : undefined;
        return {
          subjectId: s.id,
          position: s.position,
          personId: g?.personId ?? s.person_id,
          unborn: !s.date_of_birth && !!s.expected_delivery_date,
          grade: g?.grade ?? null,
          provisionalGrade: g?.provisionalGrade ?? null,
          confirmedGrade: g?.confirmedGrade ?? null,
          criterion: g?.criterion ?? null,
          rationale: g?.rationale ?? null,
          confirmedBy: g?.confirmedByUserId ?? null,
          confirmedAt: g?.confirmedAt?.toISOString() ?? null,
          firedRules: (g?.firedRules ?? []) as FiredRule[],
          flags: (g?.flags ?? []).map((f: AccumulationFlag) => ({ ...f, causingContacts: f.causingContactIds.map((id) => causing.get(id) ?? { id }) })),
          facts: g?.facts ?? {},
          history: history.get(s.person_id ?? '') ?? { earlierContacts: [], earlierDecisions: [] },
          pendingApproval: pending ? { id: pending.id, requestedGrade: (pending.payload as { toGrade?: Grade }).toGrade ?? null, requestedBy: pending.requestedByUserId, requestedAt: pending.requestedAt.toISOString() } : null,
          changes: changes
            .filter((c) => c.subjectId === s.id)
            .map((c) => ({ kind: c.kind, fromGrade: c.fromGrade, toGrade: c.toGrade, criterion: c.criterion, rationale: c.rationale, by: c.byUserId, approvalId: c.approvalId, frameworkVersion: c.frameworkVersion, at: c.createdAt.toISOString() })),
        };
      }),
      clocks: clocks.map((k) => ({
        id: k.id,
        kind: k.kind,
        targetType: k.targetType,
        targetId: k.targetId,
        startedAt: k.startedAt.toISOString(),
        dueAt: k.dueAt.toISOString(),
        duration: k.duration ? describeDuration(k.duration) : null,
        holderUserId: k.holderUserId,
        metAt: k.metAt?.toISOString() ?? null,
        breachedAt: k.breachedAt?.toISOString() ?? null,
        cancelledAt: k.cancelledAt?.toISOString() ?? null,
      })),
      approvals: approvals.map((a) => ({ id: a.id, kind: a.kind, targetId: a.targetId, status: a.status, requestedBy: a.requestedByUserId, decidedBy: a.decidedByUserId, comments: a.comments, requestedAt: a.requestedAt.toISOString(), decidedAt: a.decidedAt?.toISOString() ?? null })),
      // What each grade means and demands, from the framework this contact was graded under (RAG-1).
      framework: {
        version: framework.version,
        grades: Object.fromEntries(
          Object.entries(framework.grades).map(([grade, d]) => [grade, { definition: d.definition, requiredResponse: d.requiredResponse, allowedOutcomes: d.allowedOutcomes, decisionDeadline: describeDuration(d.decisionDeadline), criteria: d.criteria }]),
        ),
      },
    };
  }

  /** Reference, date, grade and status of each contact that caused a flag, so the worker can open it. */
  private async causingContacts(flags: AccumulationFlag[]) {
    const ids = [...new Set(flags.flatMap((f) => f.causingContactIds))];
    const map = new Map<string, { id: string; reference: string; receivedAt: string; status: string; grade: Grade | null }>();
    if (ids.length === 0) return map;
    const rows = await this.dataSource.query(
      'SELECT c.id, c.reference, c.received_at, c.status, t.grade FROM contact c LEFT JOIN contact_triage t ON t.contact_id = c.id WHERE c.id = ANY($1::uuid[])',
      [ids],
    );
    for (const r of rows) map.set(r.id, { id: r.id, reference: r.reference, receivedAt: r.received_at.toISOString(), status: r.status, grade: r.grade });
    return map;
  }

  /**
   * A short history per linked child (SPEC PPL-3 in brief): earlier contacts about the same person and
   * their decisions, newest first. The full history and chronology are people's endpoints.
   */
  private async historySummary(contactId: string, personIds: string[]) {
    const out = new Map<string, { earlierContacts: unknown[]; earlierDecisions: unknown[] }>();
    if (personIds.length === 0) return out;
    const [contacts, decisions] = await Promise.all([
      this.dataSource.query(
        `SELECT s.person_id, c.id, c.reference, c.received_at, c.status, t.grade
           FROM contact_subject s JOIN contact c ON c.id = s.contact_id LEFT JOIN contact_triage t ON t.contact_id = c.id
          WHERE s.person_id = ANY($1::uuid[]) AND c.id <> $2
          ORDER BY c.received_at DESC LIMIT 200`,
        [personIds, contactId],
      ),
      this.dataSource.query(
        `SELECT person_id, id, contact_id, outcome, status, decided_at FROM threshold_decision
          WHERE person_id = ANY($1::uuid[]) AND contact_id <> $2 ORDER BY decided_at DESC LIMIT 200`,
        [personIds, contactId],
      ),
    ]);
    for (const id of personIds) out.set(id, { earlierContacts: [], earlierDecisions: [] });
    for (const r of contacts) out.get(r.person_id)!.earlierContacts.push({ id: r.id, reference: r.reference, receivedAt: r.received_at.toISOString(), status: r.status, grade: r.grade });
    for (const r of decisions) out.get(r.person_id)!.earlierDecisions.push({ id: r.id, contactId: r.contact_id, outcome: r.outcome, status: r.status, decidedAt: r.decided_at.toISOString() });
    return out;
  }
}
