import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { preparedQuery } from '../../database/prepared-query';
import { UnitOfWork } from '../../database/unit-of-work';
import { WorkingCalendar } from '../calendar/domain/working-calendar';
import { SlaClockService } from '../calendar/sla-clock.service';
import type { ContactStatus, Urgency } from '../contacts/domain/contact-vocabulary';
import { PeopleForTriage } from '../people/people-for-triage';
import { nextContactStatus } from './domain/contact-status';
import type { Grade } from './domain/grades';
import { ContactForGrading, gradingInputs, HistoryForGrading } from './domain/grading-input';
import { contactGrade, gradeSubject } from './domain/rule-engine';
import { ThresholdFrameworks } from './threshold-frameworks';

/** `historical`: imported history (npm run import), never triaged, whatever job asks. */
export type GradingOutcome = 'graded' | 'already_graded' | 'no_such_contact' | 'historical';

const graded =
  (register.getSingleMetric('mash_contacts_graded_total') as Counter<string>) ??
  new Counter({ name: 'mash_contacts_graded_total', help: 'Contacts given a provisional grade', labelNames: ['grade'] });

interface LoadedRow {
  received_at: Date;
  status: ContactStatus;
  urgency: Urgency | null;
  graded: boolean;
  subjects: { id: string; dateOfBirth: string | null; expectedDeliveryDate: string | null; personId: string | null }[];
  concerns: { category: never; cinFactorCode: string | null; subjectIds: string[] | null }[];
  household: { relationship: never; resident: boolean | null; knownRisks: never[] | null; dateOfBirth: string | null }[];
}

/**
 * Everything grading may read, in one round trip (SPEC INT-10): referrer type, anonymity, channel,
 * referral source, names and addresses are never selected. Dates come back as YYYY-MM-DD text.
 */
const LOAD = `
  SELECT c.received_at, c.urgency, c.status,
         EXISTS (SELECT 1 FROM contact_triage t WHERE t.contact_id = c.id) AS graded,
         (SELECT coalesce(json_agg(json_build_object('id', s.id, 'dateOfBirth', s.date_of_birth, 'expectedDeliveryDate', s.expected_delivery_date, 'personId', s.person_id) ORDER BY s.position), '[]')
            FROM contact_subject s WHERE s.contact_id = c.id) AS subjects,
         (SELECT coalesce(json_agg(json_build_object('category', k.category, 'cinFactorCode', k.cin_factor_code, 'subjectIds', k.subject_ids) ORDER BY k.position), '[]')
            FROM contact_concern k WHERE k.contact_id = c.id) AS concerns,
         (SELECT coalesce(json_agg(json_build_object('relationship', m.relationship, 'resident', m.resident, 'knownRisks', m.known_risks, 'dateOfBirth', m.date_of_birth) ORDER BY m.position), '[]')
            FROM contact_household_member m WHERE m.contact_id = c.id) AS household
    FROM contact c WHERE c.id = $1`;

/**
 * The whole grading write, one statement. Its first step, inserting contact_triage (primary key
 * contact_id) ON CONFLICT DO NOTHING, is the "graded once" guard (REL-3): a duplicate job running at
 * the same moment waits on that key until the first commits, then inserts nothing, and every later
 * step is conditional on that first insert. Then the decision_due clock (the row SlaClockService
 * would write), every subject_grade with its first history row, and the status move.
 */
const STORE = `
  WITH t AS (
    INSERT INTO contact_triage (contact_id, grade, provisional_grade, decision_due_at, decision_clock_id, framework_version)
    VALUES ($1, $2, $2, $3, $4, $5) ON CONFLICT (contact_id) DO NOTHING RETURNING contact_id),
  k AS (
    INSERT INTO sla_clock (id, kind, target_type, target_id, contact_id, started_at, due_at, duration)
    SELECT $4, 'decision_due', 'contact', $1, $1, $7, $3, $8::jsonb FROM t),
  g AS (
    INSERT INTO subject_grade (contact_id, subject_id, person_id, provisional_grade, fired_rules, flags, facts, grade, framework_version)
    SELECT $1, x.subject_id, x.person_id, x.grade, x.fired_rules, x.flags, x.facts, x.grade, $5
      FROM t, jsonb_to_recordset($6::jsonb) AS x(subject_id uuid, person_id uuid, grade text, fired_rules jsonb, flags jsonb, facts jsonb)
    RETURNING id, subject_id, grade),
  h AS (
    INSERT INTO subject_grade_change (subject_grade_id, contact_id, subject_id, kind, from_grade, to_grade, framework_version)
    SELECT g.id, $1, g.subject_id, 'provisional', NULL, g.grade, $5 FROM g),
  s AS (
    UPDATE contact SET status = $9, updated_at = now()
     WHERE id = $1 AND status = $10 AND $9 <> $10 AND EXISTS (SELECT 1 FROM t) RETURNING id)
  SELECT (SELECT count(*) FROM t)::int AS graded, (SELECT count(*) FROM s)::int AS moved`;

/**
 * Provisional grading of a new contact (SPEC RAG-2), run by the triage processor. Grades each child
 * with the active framework from the contact and the people module's picture (flags and facts),
 * stores grades, fired rules and flags, sets the contact's grade (highest of its children), starts
 * the decision clock from the received time and moves the contact to `triaged`.
 *
 * Exactly once (REL-3): see STORE. The hot path is one read, the people picture, and one write
 * statement plus its audit event (PERF-3: 200 contacts/s).
 */
@Injectable()
export class ProvisionalGradingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly people: PeopleForTriage,
    private readonly frameworks: ThresholdFrameworks,
    private readonly calendar: WorkingCalendar,
    private readonly clocks: SlaClockService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async gradeContact(contactId: string): Promise<GradingOutcome> {
    const [row] = await preparedQuery<LoadedRow>(this.dataSource, LOAD, [contactId]);
    if (!row) return 'no_such_contact';
    if (row.graded) return 'already_graded'; // a duplicate job; the authoritative guard is in STORE
    if (row.status === 'historical') return 'historical';
    // One transaction for the people picture and the grade: half the round trips and commits of two (PERF-3).
    return this.uow.run(async (em) => {
      const pictures = await this.people.prepareContact(contactId, em);
      const framework = this.frameworks.active;
      const history = new Map<string, HistoryForGrading>(pictures.map((p) => [p.subjectId, { flags: p.flags, facts: { ...p.facts } }]));
      const results = gradingInputs(this.toContact(row), history).map((input) => gradeSubject(framework, input));
      const grade: Grade = contactGrade(results);

      const now = this.now();
      const startedAt = row.received_at < now ? row.received_at : now; // the deadline runs from receipt (RAG-4: no parking)
      const deadline = framework.grades[grade].decisionDeadline;
      const dueAt = this.clocks.computeDueAt('decision_due', startedAt, deadline);
      const clockId = randomUUID();
      const personIds = new Map(row.subjects.map((s) => [s.id, s.personId]));
      const byId = new Map(pictures.map((p) => [p.subjectId, p]));
      const subjects = results.map((r) => ({
        subject_id: r.subjectId,
        person_id: byId.get(r.subjectId)?.personId ?? personIds.get(r.subjectId) ?? null,
        grade: r.grade,
        fired_rules: r.firedRules,
        flags: byId.get(r.subjectId)?.flags ?? [],
        facts: { ...(byId.get(r.subjectId)?.facts ?? {}) },
      }));
      const status = nextContactStatus(row.status, 'graded');

      const [stored] = await preparedQuery<{ graded: number; moved: number }>(em, STORE, [
        contactId, grade, dueAt, clockId, framework.version, JSON.stringify(subjects), startedAt, JSON.stringify(deadline), status, row.status,
      ]);
      if (stored.graded === 0) return 'already_graded';
      await this.audit.record(em, SYSTEM_ACTOR, {
        action: 'contact.graded',
        entityType: 'contact',
        entityId: contactId,
        summary: {
          grade,
          frameworkVersion: framework.version,
          decisionClockId: clockId,
          decisionDueAt: dueAt.toISOString(),
          ...(stored.moved ? { status: { from: row.status, to: status } } : {}),
          subjects: results.map((r) => ({ subjectId: r.subjectId, grade: r.grade, rules: r.firedRules.map((f) => f.ruleId) })),
        },
      });
      graded.inc({ grade });
      return 'graded';
    });
  }

  private toContact(row: LoadedRow): ContactForGrading {
    return {
      receivedOn: this.calendar.localDate(row.received_at),
      referrerUrgency: row.urgency,
      subjects: row.subjects.map((s) => ({ subjectId: s.id, dateOfBirth: s.dateOfBirth, expectedDeliveryDate: s.expectedDeliveryDate })),
      concerns: row.concerns.map((c) => ({ category: c.category, cinFactorCode: c.cinFactorCode, subjectIds: c.subjectIds ?? [] })),
      household: row.household.map((m) => ({ relationship: m.relationship, resident: m.resident, knownRisks: m.knownRisks ?? [], dateOfBirth: m.dateOfBirth })),
    };
  }
}
