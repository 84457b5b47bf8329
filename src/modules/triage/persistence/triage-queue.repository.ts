import type { EntityManager } from 'typeorm';
import { CLOSED_STATUSES_SQL, ContactStatus, ReferrerType } from '../../contacts/domain/contact-vocabulary';
import type { Grade } from '../domain/grades';
import type { AgeBand, QueueSort } from '../domain/queue-vocabulary';
import { Approval } from './approval.entity';
import { SubjectGradeChange } from './subject-grade-change.entity';
import { SubjectGrade } from './subject-grade.entity';

export interface QueueRowFilter {
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
  sort?: QueueSort;
  /** Pages ordered otherwise than by due time go by offset. */
  offset?: number;
  /** Keyset position: (due time, contact id) of the last item of the previous page. */
  after?: [string, string];
  limit: number;
  /**
   * How long an ungraded contact has from receipt (the strictest grade's deadline), in seconds: its
   * place in the queue until it is graded.
   */
  pendingSeconds: number;
}

export interface QueueRow {
  id: string;
  reference: string;
  status: ContactStatus;
  received_at: Date;
  updated_at: Date;
  grade: Grade | null;
  provisional_grade: Grade | null;
  /** The queue's order: the decision clock's due time, or (ungraded) receipt plus the strictest deadline. */
  due_at: Date;
  assigned_to_user_id: string | null;
  assignee_name: string | null;
  breached_at: Date | null;
  grading_failed_at: Date | null;
  grading_failure_reason: string | null;
  awaiting_confirmation: boolean;
  last_information_at: Date | null;
  flags: { ruleId: string; label: string }[];
  rules: string[];
  /** A child on the contact is on a child protection plan now (the fact grading read). */
  on_cp_plan: boolean;
}

export interface ContactTriageRow {
  id: string;
  reference: string;
  status: ContactStatus;
  received_at: Date;
  urgency: string | null;
  referrer_says_child_protection: boolean | null;
  grading_failed_at: Date | null;
  grading_failure_reason: string | null;
  grade: Grade | null;
  provisional_grade: Grade | null;
  decision_due_at: Date | null;
  assigned_to_user_id: string | null;
  assigned_at: Date | null;
  framework_version: string | null;
  graded_at: Date | null;
  assignee_name: string | null;
}

const FLAGS = `(SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('ruleId', f->>'ruleId', 'label', f->>'label')), '[]'::jsonb)
                 FROM subject_grade sg CROSS JOIN LATERAL jsonb_array_elements(sg.flags) f WHERE sg.contact_id = c.id)`;
const RULES = `(SELECT coalesce(jsonb_agg(DISTINCT r->>'ruleId'), '[]'::jsonb)
                 FROM subject_grade sg CROSS JOIN LATERAL jsonb_array_elements(sg.fired_rules) r WHERE sg.contact_id = c.id)`;
const RECEIVED_DAY = "(c.received_at AT TIME ZONE 'Europe/London')::date";
const AGE_SQL: Record<AgeBand, string> = {
  unborn: 's.date_of_birth IS NULL AND s.expected_delivery_date IS NOT NULL',
  'under-1': `s.date_of_birth > ${RECEIVED_DAY} - interval '1 year'`,
  '1-4': `s.date_of_birth <= ${RECEIVED_DAY} - interval '1 year' AND s.date_of_birth > ${RECEIVED_DAY} - interval '5 years'`,
  '5-10': `s.date_of_birth <= ${RECEIVED_DAY} - interval '5 years' AND s.date_of_birth > ${RECEIVED_DAY} - interval '11 years'`,
  '11-15': `s.date_of_birth <= ${RECEIVED_DAY} - interval '11 years' AND s.date_of_birth > ${RECEIVED_DAY} - interval '16 years'`,
  '16-17': `s.date_of_birth <= ${RECEIVED_DAY} - interval '16 years'`,
};
/** The order of the merged queue (columns of both branches); an ungraded contact sorts with RED, as it may be. */
const ORDER_SQL: Record<QueueSort, string> = {
  due: 'due_at, id',
  'due-desc': 'due_at DESC, id DESC',
  received: 'received_at, id',
  'received-desc': 'received_at DESC, id DESC',
  grade: "CASE grade WHEN 'AMBER' THEN 1 WHEN 'GREEN' THEN 2 ELSE 0 END, due_at, id",
};
const ON_CP_PLAN = `EXISTS (SELECT 1 FROM subject_grade sg WHERE sg.contact_id = c.id AND (sg.facts->>'onCurrentCpPlan')::boolean IS TRUE)`;
const LAST_INFORMATION = '(SELECT max(i.added_at) FROM contact_information i WHERE i.contact_id = c.id)';

/** The SQL of triage's read side: the queue and what a worker sees of one contact. */
export const triageQueueRows = {
  /**
   * Open contacts by due time, graded and ungraded together (SPEC RAG-4, RAG-5). Two branches, each
   * ordered and limited on its own index (graded: contact_triage by due time; ungraded: contact by
   * status and receipt), merged by the outer ORDER BY.
   */
  async queue(em: EntityManager, f: QueueRowFilter): Promise<QueueRow[]> {
    // An ungraded contact has no grade, flags, holder or clock: a filter on those leaves it out, except
    // "nobody holds it" and "not breached", which it is; and a filter on another status than received.
    const ungradedIncluded = !f.grade && !f.flag && (!f.assignedTo || f.assignedTo === 'none') && f.breached !== true && (!f.status || f.status === 'received');
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const graded = [`c.status NOT IN (${CLOSED_STATUSES_SQL})`];
    const ungraded = [`c.status = 'received'`, 'NOT EXISTS (SELECT 1 FROM contact_triage x WHERE x.contact_id = c.id)'];
    const both = (condition: string) => { graded.push(condition); ungraded.push(condition); };
    if (f.grade) graded.push(`t.grade = ${p(f.grade)}`);
    if (f.status) graded.push(`c.status = ${p(f.status)}`);
    if (f.assignedTo === 'none') graded.push('t.assigned_to_user_id IS NULL');
    else if (f.assignedTo) graded.push(`t.assigned_to_user_id = ${p(f.assignedTo)}::uuid`);
    if (f.breached === true) graded.push('k.breached_at IS NOT NULL');
    if (f.breached === false) graded.push('k.breached_at IS NULL');
    if (f.referrerType) both(`c.referrer_type = ${p(f.referrerType)}`);
    if (f.ageBand) both(`EXISTS (SELECT 1 FROM contact_subject s WHERE s.contact_id = c.id AND ${AGE_SQL[f.ageBand]})`);
    if (f.flag === 'cp-plan') graded.push(ON_CP_PLAN);
    else if (f.flag === 'any') graded.push('EXISTS (SELECT 1 FROM subject_grade sg WHERE sg.contact_id = c.id AND jsonb_array_length(sg.flags) > 0)');
    else if (f.flag) graded.push(`EXISTS (SELECT 1 FROM subject_grade sg WHERE sg.contact_id = c.id AND sg.flags @> jsonb_build_array(jsonb_build_object('ruleId', ${p(f.flag)}::text)))`);
    const pending = ungradedIncluded ? `(c.received_at + make_interval(secs => ${p(f.pendingSeconds)}::double precision))` : '';
    const sort = f.sort ?? 'due';
    if (f.after && sort === 'due') {
      const due = p(f.after[0]);
      const id = p(f.after[1]);
      graded.push(`(t.decision_due_at, t.contact_id) > (${due}::timestamptz, ${id}::uuid)`);
      if (ungradedIncluded) ungraded.push(`(${pending}, c.id) > (${due}::timestamptz, ${id}::uuid)`);
    }
    const offset = f.offset ? Math.max(0, Math.floor(f.offset)) : 0;
    const limit = f.limit + 1;
    // By due time each branch is ordered and limited on its own index (graded: contact_triage by due
    // time; ungraded: contact by status and receipt); another order reads each branch whole.
    const byDue = sort === 'due';
    const gradedSql = `(SELECT c.id, c.reference, c.status, c.received_at, c.updated_at, t.grade, t.provisional_grade, t.decision_due_at AS due_at,
              t.assigned_to_user_id, u.name AS assignee_name, k.breached_at, c.grading_failed_at, c.grading_failure_reason,
              EXISTS (SELECT 1 FROM subject_grade sg WHERE sg.contact_id = c.id AND sg.awaiting_confirmation) AS awaiting_confirmation,
              ${LAST_INFORMATION} AS last_information_at, ${FLAGS} AS flags, ${RULES} AS rules, ${ON_CP_PLAN} AS on_cp_plan
         FROM contact_triage t
         JOIN contact c ON c.id = t.contact_id
         LEFT JOIN app_user u ON u.id = t.assigned_to_user_id
         LEFT JOIN sla_clock k ON k.id = t.decision_clock_id AND k.met_at IS NULL AND k.cancelled_at IS NULL
        WHERE ${graded.join(' AND ')}
        ${byDue ? `ORDER BY t.decision_due_at, t.contact_id LIMIT ${limit + offset}` : ''})`;
    const ungradedSql = `(SELECT c.id, c.reference, c.status, c.received_at, c.updated_at, NULL::text AS grade, NULL::text AS provisional_grade, ${pending} AS due_at,
              NULL::uuid AS assigned_to_user_id, NULL::text AS assignee_name, NULL::timestamptz AS breached_at, c.grading_failed_at, c.grading_failure_reason,
              false AS awaiting_confirmation, ${LAST_INFORMATION} AS last_information_at, '[]'::jsonb AS flags, '[]'::jsonb AS rules, false AS on_cp_plan
         FROM contact c
        WHERE ${ungraded.join(' AND ')}
        ${byDue ? `ORDER BY c.received_at, c.id LIMIT ${limit + offset}` : ''})`;
    const union = ungradedIncluded ? `${gradedSql} UNION ALL ${ungradedSql}` : gradedSql;
    return em.query(`SELECT * FROM (${union}) q ORDER BY ${ORDER_SQL[sort]} LIMIT ${limit}${offset ? ` OFFSET ${offset}` : ''}`, params);
  },

  async contact(em: EntityManager, contactId: string): Promise<ContactTriageRow | undefined> {
    const [row] = await em.query(
      `SELECT c.id, c.reference, c.status, c.received_at, c.urgency, c.referrer_says_child_protection, c.grading_failed_at, c.grading_failure_reason,
              t.grade, t.provisional_grade, t.decision_due_at, t.assigned_to_user_id, t.assigned_at, t.framework_version, t.graded_at, u.name AS assignee_name
         FROM contact c LEFT JOIN contact_triage t ON t.contact_id = c.id LEFT JOIN app_user u ON u.id = t.assigned_to_user_id
        WHERE c.id = $1`,
      [contactId],
    );
    return row;
  },

  subjects(em: EntityManager, contactId: string): Promise<{ id: string; position: number; date_of_birth: string | null; expected_delivery_date: string | null; person_id: string | null; household_member_id: string | null }[]> {
    return em.query(
      'SELECT id, position, date_of_birth::text, expected_delivery_date::text, person_id, household_member_id FROM contact_subject WHERE contact_id = $1 ORDER BY position',
      [contactId],
    );
  },

  grades: (em: EntityManager, contactId: string) => em.find(SubjectGrade, { where: { contactId } }),
  changes: (em: EntityManager, contactId: string) => em.find(SubjectGradeChange, { where: { contactId }, order: { createdAt: 'ASC' } }),
  approvals: (em: EntityManager, contactId: string) => em.find(Approval, { where: { contactId }, order: { requestedAt: 'ASC' } }),

  /** Reference, date, grade and status of contacts by id. */
  contactsByIds(em: EntityManager, ids: string[]): Promise<{ id: string; reference: string; received_at: Date; status: string; grade: Grade | null }[]> {
    return em.query('SELECT c.id, c.reference, c.received_at, c.status, t.grade FROM contact c LEFT JOIN contact_triage t ON t.contact_id = c.id WHERE c.id = ANY($1::uuid[])', [ids]);
  },

  /** Earlier contacts about the same persons, newest first. */
  earlierContacts(em: EntityManager, personIds: string[], contactId: string): Promise<{ person_id: string; id: string; reference: string; received_at: Date; status: string; grade: Grade | null }[]> {
    return em.query(
      `SELECT s.person_id, c.id, c.reference, c.received_at, c.status, t.grade
         FROM contact_subject s JOIN contact c ON c.id = s.contact_id LEFT JOIN contact_triage t ON t.contact_id = c.id
        WHERE s.person_id = ANY($1::uuid[]) AND c.id <> $2
        ORDER BY c.received_at DESC LIMIT 200`,
      [personIds, contactId],
    );
  },

  /** Earlier decisions about the same persons, newest first. */
  earlierDecisions(em: EntityManager, personIds: string[], contactId: string): Promise<{ person_id: string; id: string; contact_id: string; outcome: string; status: string; decided_at: Date }[]> {
    return em.query(
      `SELECT person_id, id, contact_id, outcome, status, decided_at FROM threshold_decision
        WHERE person_id = ANY($1::uuid[]) AND contact_id <> $2 ORDER BY decided_at DESC LIMIT 200`,
      [personIds, contactId],
    );
  },
};
