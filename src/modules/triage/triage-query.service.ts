import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccumulationFlag } from '../people/people-for-triage';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../common/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import type { ContactStatus, ReferrerType } from '../contacts/domain/contact-vocabulary';
import { describeDuration } from '../calendar/domain/clock-duration';
import { WorkingCalendar } from '../calendar/domain/working-calendar';
import { slaClocks } from '../calendar/clock-records';
import { Grade, gradeRank, GRADES } from './domain/grades';
import type { FiredRule } from './domain/rule-engine';
import type { AgeBand, QueueSort } from './domain/queue-vocabulary';
import { QueueRow, triageQueueRows } from './persistence/triage-queue.repository';
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

/**
 * Where the contact's grading stands: `graded`; `grading_pending` (received, not yet graded: the
 * worker grades it within seconds, the sweeper queues it again if its job was lost); `grade_by_hand`
 * (every automatic attempt failed: a worker grades it, `gradingFailure` says why).
 */
export type GradingState = 'graded' | 'grading_pending' | 'grade_by_hand';


export interface QueueItem {
  id: string;
  reference: string;
  grading: GradingState;
  gradingFailure: string | null;
  /** Null until graded. */
  grade: Grade | null;
  provisionalGrade: Grade | null;
  flags: { ruleId: string; label: string }[];
  firedRules: string[];
  /** A child on the contact is on a child protection plan now (the fact grading read). */
  onCpPlan: boolean;
  /** The decision clock's due time; for an ungraded contact, receipt plus the strictest grade's deadline (RAG-5: it runs from receipt). */
  decisionDueAt: string;
  /** Seconds until the decision is due; negative once overdue. */
  timeLeftSeconds: number;
  breached: boolean;
  status: ContactStatus;
  assignedTo: { userId: string; name: string } | null;
  receivedAt: string;
  /** Last change to the contact (new information moves it). */
  updatedAt: string;
  /** When information was last added after receipt; null when none was. */
  lastInformationAt: string | null;
  /** The rules raised a child's grade after new information: a worker should confirm it. */
  gradeAwaitingConfirmation: boolean;
}

export function gradingState(graded: boolean, failedAt: Date | null): GradingState {
  return graded ? 'graded' : failedAt ? 'grade_by_hand' : 'grading_pending';
}

/** Read side of triage: the queue (SPEC RAG-4) and everything a worker needs for one contact. */
@Injectable()
export class TriageQueryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly frameworks: ThresholdFrameworks,
    private readonly calendar: WorkingCalendar,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /**
   * How long an ungraded contact has from receipt: the strictest deadline of the active framework,
   * since nobody knows yet that it is not RED. Working-time deadlines are ordered by their elapsed
   * length (the due time shown is the calendar's).
   */
  private pendingDeadline() {
    const strictest = [...GRADES].sort((a, b) => gradeRank(b) - gradeRank(a))[0];
    const d = this.frameworks.active.grades[strictest].decisionDeadline;
    const seconds = d.aroundTheClock ? (d.hours ?? 0) * 3600 + (d.minutes ?? 0) * 60 : (d.workingDays ?? 0) * 86_400 + (d.workingHours ?? 0) * 3600;
    return { duration: d, seconds };
  }

  /** Open contacts by decision due time, ungraded ones with them. */
  async queue(filter: QueueFilter): Promise<Page<QueueItem> & { hasMore: boolean }> {
    const limit = filter.limit ?? 50;
    const pending = this.pendingDeadline();
    const sort = filter.sort ?? 'due';
    const rows = await this.uow.read((em) =>
      triageQueueRows.queue(em, {
        grade: filter.grade, status: filter.status, assignedTo: filter.assignedTo, breached: filter.breached,
        flag: filter.flag, referrerType: filter.referrerType, ageBand: filter.ageBand, sort, offset: filter.offset,
        after: sort === 'due' ? decodeTimeIdCursor(filter.cursor) : undefined, limit, pendingSeconds: pending.seconds,
      }),
    );
    const now = this.now().getTime();
    const item = (r: QueueRow): QueueItem => {
      const graded = r.grade !== null;
      const due = graded || pending.duration.aroundTheClock ? r.due_at : this.calendar.dueAt(r.received_at, pending.duration);
      return {
        id: r.id,
        reference: r.reference,
        grading: gradingState(graded, r.grading_failed_at),
        gradingFailure: graded ? null : r.grading_failure_reason,
        grade: r.grade,
        provisionalGrade: r.provisional_grade,
        flags: r.flags,
        firedRules: r.rules,
        onCpPlan: r.on_cp_plan,
        decisionDueAt: due.toISOString(),
        timeLeftSeconds: Math.floor((due.getTime() - now) / 1000),
        breached: r.breached_at !== null,
        status: r.status,
        assignedTo: r.assigned_to_user_id ? { userId: r.assigned_to_user_id, name: r.assignee_name ?? '' } : null,
        receivedAt: r.received_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        lastInformationAt: r.last_information_at?.toISOString() ?? null,
        gradeAwaitingConfirmation: r.awaiting_confirmation,
      };
    };
    const items = rows.slice(0, limit).map(item);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    // Pages ordered otherwise than by due time go by offset (the web's sortable table), not cursor.
    return { items, nextCursor: last && sort === 'due' && !filter.offset ? encodeTimeIdCursor(last.due_at, last.id) : null, hasMore: rows.length > limit };
  }

  /** Everything for the triage decision on one contact; undefined when there is no such contact. */
  async contactTriage(contactId: string) {
    return this.uow.read((em) => this.readContactTriage(em, contactId));
  }

  private async readContactTriage(em: EntityManager, contactId: string) {
    const contact = await triageQueueRows.contact(em, contactId);
    if (!contact) return undefined;
    const subjects = await triageQueueRows.subjects(em, contactId);
    const [grades, changes, clocks, approvals] = await Promise.all([
      triageQueueRows.grades(em, contactId),
      triageQueueRows.changes(em, contactId),
      slaClocks.ofContact(em, contactId),
      triageQueueRows.approvals(em, contactId),
    ]);
    const causing = await this.causingContacts(em, grades.flatMap((g) => g.flags));
    const history = await this.historySummary(em, contactId, subjects.map((s) => s.person_id).filter((id): id is string => !!id));
    const framework = contact.framework_version ? (this.frameworks.version(contact.framework_version) ?? this.frameworks.active) : this.frameworks.active;
    const now = this.now().getTime();
    return {
      contactId: contact.id,
      reference: contact.reference,
      status: contact.status as ContactStatus,
      receivedAt: contact.received_at.toISOString(),
      graded: contact.grade !== null,
      grading: gradingState(contact.grade !== null, contact.grading_failed_at),
      gradingFailure: contact.grade !== null ? null : (contact.grading_failure_reason as string | null),
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
          fromHousehold: s.household_member_id !== null,
          awaitingConfirmation: g?.awaitingConfirmation ?? false,
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
  private async causingContacts(em: EntityManager, flags: AccumulationFlag[]) {
    const ids = [...new Set(flags.flatMap((f) => f.causingContactIds))];
    const map = new Map<string, { id: string; reference: string; receivedAt: string; status: string; grade: Grade | null }>();
    if (ids.length === 0) return map;
    for (const r of await triageQueueRows.contactsByIds(em, ids)) map.set(r.id, { id: r.id, reference: r.reference, receivedAt: r.received_at.toISOString(), status: r.status, grade: r.grade });
    return map;
  }

  /**
   * A short history per linked child (SPEC PPL-3 in brief): earlier contacts about the same person and
   * their decisions, newest first. The full history and chronology are people's endpoints.
   */
  private async historySummary(em: EntityManager, contactId: string, personIds: string[]) {
    const out = new Map<string, { earlierContacts: unknown[]; earlierDecisions: unknown[] }>();
    if (personIds.length === 0) return out;
    const [contacts, decisions] = await Promise.all([triageQueueRows.earlierContacts(em, personIds, contactId), triageQueueRows.earlierDecisions(em, personIds, contactId)]);
    for (const id of personIds) out.set(id, { earlierContacts: [], earlierDecisions: [] });
    for (const r of contacts) out.get(r.person_id)!.earlierContacts.push({ id: r.id, reference: r.reference, receivedAt: r.received_at.toISOString(), status: r.status, grade: r.grade });
    for (const r of decisions) out.get(r.person_id)!.earlierDecisions.push({ id: r.id, contactId: r.contact_id, outcome: r.outcome, status: r.status, decidedAt: r.decided_at.toISOString() });
    return out;
  }
}
