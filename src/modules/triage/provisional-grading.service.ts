import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Counter, register } from 'prom-client';
import { AuditService } from '../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { WorkingCalendar } from '../calendar/domain/working-calendar';
import { SlaClockService } from '../calendar/sla-clock.service';
import { ContactStatusWriter } from '../contacts/contact-status.writer';
import { PeopleForTriage } from '../people/people-for-triage';
import { nextContactStatus } from './domain/contact-status';
import type { Grade } from './domain/grades';
import { ContactForGrading, gradingInputs, HistoryForGrading } from './domain/grading-input';
import { contactGrade, gradeSubject } from './domain/rule-engine';
import { gradingRows, LoadedRow } from './persistence/grading.repository';
import { ThresholdFrameworks } from './threshold-frameworks';

/** `historical`: imported history (npm run import), never triaged, whatever job asks. */
export type GradingOutcome = 'graded' | 'already_graded' | 'no_such_contact' | 'historical';

const graded =
  (register.getSingleMetric('mash_contacts_graded_total') as Counter<string>) ??
  new Counter({ name: 'mash_contacts_graded_total', help: 'Contacts given a provisional grade', labelNames: ['grade'] });

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
    private readonly uow: UnitOfWork,
    private readonly contactStatus: ContactStatusWriter,
    private readonly people: PeopleForTriage,
    private readonly frameworks: ThresholdFrameworks,
    private readonly calendar: WorkingCalendar,
    private readonly clocks: SlaClockService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async gradeContact(contactId: string): Promise<GradingOutcome> {
    const row = await this.uow.read((em) => gradingRows.load(em, contactId));
    if (!row) return 'no_such_contact';
    if (row.graded) return 'already_graded'; // a duplicate job; the authoritative guard is in STORE
    if (row.status === 'historical') return 'historical';
    // One transaction for the people picture and the grade: half the round trips and commits of two (PERF-3).
    return this.uow.run(async (em) => {
      const { framework, results, pictures } = await this.evaluate(em, contactId, row);
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

      if (!(await gradingRows.store(em, { contactId, grade, dueAt, clockId, frameworkVersion: framework.version, subjects, startedAt, deadline }))) {
        return 'already_graded';
      }
      const moved = await this.contactStatus.moveIfStill(em, contactId, row.status, status);
      await this.audit.record(em, SYSTEM_ACTOR, {
        action: 'contact.graded',
        entityType: 'contact',
        entityId: contactId,
        summary: {
          grade,
          frameworkVersion: framework.version,
          decisionClockId: clockId,
          decisionDueAt: dueAt.toISOString(),
          ...(moved ? { status: { from: row.status, to: status } } : {}),
          subjects: results.map((r) => ({ subjectId: r.subjectId, grade: r.grade, rules: r.firedRules.map((f) => f.ruleId) })),
        },
      });
      graded.inc({ grade });
      return 'graded';
    });
  }

  /**
   * The active framework's provisional grade of every child of the contact as it stands now, with the
   * people module's picture (links, flags, facts), in the caller's transaction. Grading a new contact
   * uses it, and so does re-running the rules when information arrives.
   */
  async evaluate(em: EntityManager, contactId: string, loaded?: LoadedRow) {
    const row = loaded ?? (await gradingRows.load(em, contactId));
    if (!row) return { framework: this.frameworks.active, results: [], pictures: [] };
    const pictures = await this.people.prepareContact(contactId, em);
    const framework = this.frameworks.active;
    const history = new Map<string, HistoryForGrading>(pictures.map((p) => [p.subjectId, { flags: p.flags, facts: { ...p.facts } }]));
    const results = gradingInputs(this.toContact(row), history).map((input) => gradeSubject(framework, input));
    return { framework, results, pictures };
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
