import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import type { RuleBreak } from '../../common/rule-break';
import { UnitOfWork } from '../../database/unit-of-work';
import { SlaClockService } from '../calendar/sla-clock.service';
import { contactParts } from '../contacts/contact-records';
import { HISTORICAL_NOT_TRIAGED } from '../contacts/domain/contact-vocabulary';
import { Grade } from './domain/grades';
import { contactGrade } from './domain/rule-engine';
import { handGradingRows } from './persistence/hand-grading.repository';
import { ThresholdFrameworks } from './threshold-frameworks';
import { TriageStatusService } from './triage-status.service';

export interface HandGradeCommand {
  children: { subjectId: string; grade: Grade; criterion: string; rationale: string }[];
}

export interface HandGradeResult {
  contactId: string;
  grade: Grade;
  decisionDueAt: string;
  children: { subjectId: string; grade: Grade }[];
}

/**
 * Grading by hand (SPEC RAG-2, RAG-3): every automatic attempt to grade a contact failed, so the queue
 * shows it as "grade by hand". A MASH worker grades each child with a criterion of the active
 * framework and a rationale; the grades are confirmed at once (a person gave them) and the decision
 * clock runs from receipt with the contact grade's deadline, exactly as for a contact the rules
 * graded, so it is an ordinary graded contact from then on. It does not use the automatic grader,
 * whose failure is why it is here. Below RED when the referrer said "immediate risk" is refused:
 * grade RED, then ask for the lower grade, which a manager approves (RAG-3).
 */
@Injectable()
export class HandGradingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly frameworks: ThresholdFrameworks,
    private readonly clocks: SlaClockService,
    private readonly status: TriageStatusService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  gradeByHand(actor: Actor, contactId: string, command: HandGradeCommand): Promise<HandGradeResult> {
    const breaks: RuleBreak[] = [];
    command.children.forEach((c, i) => {
      const criteria = this.frameworks.criteria(c.grade);
      if (!criteria.includes(c.criterion)) breaks.push({ field: `children[${i}].criterion`, rule: 'RAG-3.criterion', message: `For ${c.grade}, choose one of: ${criteria.join(', ')}` });
    });
    if (breaks.length) throw new RuleViolationException('Each criterion must be one of its grade\'s criteria in the threshold framework', breaks);

    return this.uow.run(async (em) => {
      const contact = await this.status.lock(em, contactId);
      if (!contact) throw new NotFoundException('No such contact');
      if (contact.status === 'historical') throw new ConflictException(HISTORICAL_NOT_TRIAGED);
      if (await handGradingRows.graded(em, contactId)) throw new ConflictException('This contact is graded already: confirm or change a child\'s grade at POST /api/v1/contacts/{id}/subjects/{subjectId}/grade');
      const failed = await contactParts.contact(em, contactId, { id: true, gradingFailedAt: true });
      if (!failed?.gradingFailedAt) throw new ConflictException('Automatic grading of this contact has not given up: it is graded within moments (the queue shows "grading pending")');

      const subjects = await contactParts.subjects(em, contactId, { id: true, personId: true });
      const known = new Map(subjects.map((s) => [s.id, s]));
      const seen = new Set<string>();
      command.children.forEach((c, i) => {
        if (!known.has(c.subjectId)) breaks.push({ field: `children[${i}].subjectId`, rule: 'RAG-3.unknown-child', message: 'No such child on this contact' });
        else if (seen.has(c.subjectId)) breaks.push({ field: `children[${i}].subjectId`, rule: 'RAG-3.child-twice', message: 'This child is graded twice' });
        seen.add(c.subjectId);
        if (contact.urgency === 'immediate_risk' && c.grade !== 'RED') {
          breaks.push({ field: `children[${i}].grade`, rule: 'RAG-3.below-immediate-risk', message: 'The referrer said "immediate risk": grade RED, then ask for a lower grade, which a manager approves' });
        }
      });
      const missing = subjects.filter((s) => !seen.has(s.id)).map((s) => s.id);
      if (missing.length) breaks.push({ field: 'children', rule: 'RAG-3.every-child', message: `Grade every child of the contact; missing: ${missing.join(', ')}` });
      if (breaks.length) throw new RuleViolationException('The contact cannot be graded as asked: see details', breaks);

      const framework = this.frameworks.active;
      const grade = contactGrade(command.children);
      const at = this.now();
      // The decision deadline runs from receipt (RAG-4, RAG-5), as for a contact the rules graded.
      const clock = await this.clocks.start(em, {
        kind: 'decision_due', targetType: 'contact', targetId: contactId, contactId, startedAt: contact.receivedAt,
        duration: framework.grades[grade].decisionDeadline, by: actor,
      });
      const stored = await handGradingRows.store(em, {
        contactId, grade, dueAt: clock.dueAt, clockId: clock.id, frameworkVersion: framework.version, byUserId: actor.userId, at,
        children: command.children.map((c) => ({ ...c, rationale: c.rationale.trim(), personId: known.get(c.subjectId)!.personId ?? null })),
      });
      if (!stored) throw new ConflictException('This contact was graded meanwhile: reload it');
      await this.audit.record(em, actor, {
        action: 'contact.graded_by_hand', entityType: 'contact', entityId: contactId,
        summary: { grade, frameworkVersion: framework.version, decisionClockId: clock.id, decisionDueAt: clock.dueAt.toISOString(), subjects: command.children.map((c) => ({ subjectId: c.subjectId, grade: c.grade, criterion: c.criterion })) },
      });
      await this.status.apply(em, actor, contact, 'grade_confirmed');
      return { contactId, grade, decisionDueAt: clock.dueAt.toISOString(), children: command.children.map((c) => ({ subjectId: c.subjectId, grade: c.grade })) };
    });
  }
}
