import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Counter, register } from 'prom-client';
import type { AuditEntry } from '../../audit/audit-row';
import { AuditService } from '../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { WorkingCalendar } from '../calendar/domain/working-calendar';
import { SlaClockService } from '../calendar/sla-clock.service';
import { ContactStatusWriter, StatusMove } from '../contacts/contact-status.writer';
import { PeopleForTriage, SubjectPicture } from '../people/people-for-triage';
import { nextContactStatus } from './domain/contact-status';
import type { ThresholdFramework } from './domain/framework';
import type { Grade } from './domain/grades';
import { ContactForGrading, gradingInputs, HistoryForGrading } from './domain/grading-input';
import { contactGrade, gradeSubject } from './domain/rule-engine';
import { gradingRows, LoadedRow, StoreGrading } from './persistence/grading.repository';
import { ThresholdFrameworks } from './threshold-frameworks';

/** `historical`: imported history (npm run import), never triaged, whatever job asks. */
export type GradingOutcome = 'graded' | 'already_graded' | 'no_such_contact' | 'historical';

const gradedTotal =
  (register.getSingleMetric('mash_contacts_graded_total') as Counter<string>) ??
  new Counter({ name: 'mash_contacts_graded_total', help: 'Contacts given a provisional grade', labelNames: ['grade'] });

/**
 * Provisional grading of new contacts (SPEC RAG-2), run by the triage processor. Grades each child
 * with the active framework from the contact and the people module's picture (flags and facts),
 * stores grades, fired rules and flags, sets the contact's grade (highest of its children), starts
 * the decision clock from the received time and moves the contact to `triaged`.
 *
 * Contacts are graded in sets, one transaction for the lot: one read of every contact, the people
 * step of all of them, then each write as one multi-row statement (grades and clocks, status moves,
 * audit events), so a batch costs a few round trips and one commit whatever its size (PERF-3).
 * Exactly once (REL-3): see STORE. A single contact is a batch of one.
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
    return (await this.gradeContacts([contactId])).get(contactId)!;
  }

  /**
   * Grades the contacts in one transaction, in the order given (the people step matches each as if
   * the earlier ones had been graded before it). Throws when any of them cannot be graded: nothing
   * of the batch is stored then, and the caller grades them in smaller sets to find the one at fault.
   */
  async gradeContacts(contactIds: string[]): Promise<Map<string, GradingOutcome>> {
    const ids = [...new Set(contactIds)];
    const outcomes = new Map<string, GradingOutcome>(ids.map((id) => [id, 'no_such_contact']));
    const rows = new Map((await this.uow.read((em) => gradingRows.load(em, ids))).map((r) => [r.id, r]));
    const toGrade: LoadedRow[] = [];
    for (const id of ids) {
      const row = rows.get(id);
      if (!row) continue;
      // A graded one is a duplicate job; the authoritative guard is in STORE.
      if (row.graded) outcomes.set(id, 'already_graded');
      else if (row.status === 'historical') outcomes.set(id, 'historical');
      else toGrade.push(row);
    }
    if (!toGrade.length) return outcomes;

    const stored = await this.uow.run(async (em) => {
      const pictures = await this.people.prepareContacts(toGrade.map((r) => r.id), em);
      const framework = this.frameworks.active;
      const now = this.now();
      const gradings = toGrade.map((row) => this.grading(framework, row, pictures.get(row.id) ?? [], now));
      const graded = await gradingRows.store(em, framework.version, gradings.map((g) => g.store));
      const done = gradings.filter((g) => graded.has(g.store.contactId));
      const moved = await this.contactStatus.moveManyIfStill(em, done.map((g) => g.move));
      await this.audit.recordMany(em, SYSTEM_ACTOR, done.map((g) => g.audit(moved.has(g.store.contactId))));
      return done;
    });
    for (const row of toGrade) outcomes.set(row.id, 'already_graded');
    for (const g of stored) {
      outcomes.set(g.store.contactId, 'graded');
      gradedTotal.inc({ grade: g.store.grade });
    }
    return outcomes;
  }

  /** One contact's grade, clock, subject rows, status move and audit event, from its rules' results. */
  private grading(framework: ThresholdFramework, row: LoadedRow, pictures: SubjectPicture[], now: Date) {
    const results = this.results(framework, row, pictures);
    const grade: Grade = contactGrade(results);
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
    const store: StoreGrading = { contactId: row.id, grade, dueAt, clockId, startedAt, deadline, subjects };
    const move: StatusMove = { contactId: row.id, from: row.status, to: status };
    const audit = (moved: boolean): AuditEntry => ({
      action: 'contact.graded',
      entityType: 'contact',
      entityId: row.id,
      summary: {
        grade,
        frameworkVersion: framework.version,
        decisionClockId: clockId,
        decisionDueAt: dueAt.toISOString(),
        ...(moved ? { status: { from: row.status, to: status } } : {}),
        subjects: results.map((r) => ({ subjectId: r.subjectId, grade: r.grade, rules: r.firedRules.map((f) => f.ruleId) })),
      },
    });
    return { store, move, audit };
  }

  /**
   * The active framework's provisional grade of every child of the contact as it stands now, with the
   * people module's picture (links, flags, facts), in the caller's transaction: re-running the rules
   * when information arrives.
   */
  async evaluate(em: EntityManager, contactId: string) {
    const framework = this.frameworks.active;
    const [row] = await gradingRows.load(em, [contactId]);
    if (!row) return { framework, results: [], pictures: [] };
    const pictures = await this.people.prepareContact(contactId, em);
    return { framework, results: this.results(framework, row, pictures), pictures };
  }

  private results(framework: ThresholdFramework, row: LoadedRow, pictures: SubjectPicture[]) {
    const history = new Map<string, HistoryForGrading>(pictures.map((p) => [p.subjectId, { flags: p.flags, facts: { ...p.facts } }]));
    return gradingInputs(this.toContact(row), history).map((input) => gradeSubject(framework, input));
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
