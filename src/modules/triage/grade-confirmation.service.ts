import { ConflictException, Inject, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HISTORICAL_NOT_TRIAGED } from '../contacts/domain/contact-vocabulary';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { SlaClockService } from '../calendar/sla-clock.service';
import { ApprovalHandler, ApprovalService } from './approvals/approval.service';
import { LockedContact, TriageStatusService } from './triage-status.service';
import { classifyGradeChange } from './domain/grade-change';
import { Grade, gradeRank } from './domain/grades';
import { contactGrade } from './domain/rule-engine';
import type { Approval } from './persistence/approval.entity';
import type { ContactTriage } from './persistence/contact-triage.entity';
import type { GradeChangeKind } from './persistence/subject-grade-change.entity';
import { subjectGradeRows } from './persistence/subject-grade.repository';
import type { SubjectGrade } from './persistence/subject-grade.entity';
import { ThresholdFrameworks } from './threshold-frameworks';

export const GRADE_LOWERING = 'grade_lowering';

export interface GradeCommand {
  grade: Grade;
  criterion: string;
  rationale: string;
}

export interface GradeResult {
  contactId: string;
  subjectId: string;
  /** confirmed: the grade took effect; pending_approval: a manager must approve it first. */
  status: 'confirmed' | 'pending_approval';
  /** The child's grade in effect after this request. */
  grade: Grade;
  requestedGrade: Grade;
  provisionalGrade: Grade;
  contactGrade: Grade;
  decisionDueAt: string;
  approvalId: string | null;
  reasons: string[];
}

interface LoweringPayload {
  subjectId: string;
  fromGrade: Grade;
  toGrade: Grade;
  criterion: string;
  rationale: string;
  reasons: string[];
  frameworkVersion: string;
}

/**
 * A worker confirms or changes one child's grade (SPEC RAG-3). Raising or confirming takes effect at
 * once (a raise brings the decision deadline forward); lowering, or grading below a referrer's
 * "immediate risk", becomes a grade_lowering approval and takes effect only when another manager
 * approves it. Also the handler that applies an approved lowering.
 */
@Injectable()
export class GradeConfirmationService implements ApprovalHandler, OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly frameworks: ThresholdFrameworks,
    private readonly approvals: ApprovalService,
    private readonly clocks: SlaClockService,
    private readonly status: TriageStatusService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  onModuleInit(): void {
    this.approvals.registerHandler(GRADE_LOWERING, this);
  }

  async grade(actor: Actor, contactId: string, subjectId: string, command: GradeCommand): Promise<GradeResult> {
    const criteria = this.frameworks.criteria(command.grade);
    if (!criteria.includes(command.criterion)) {
      throw new RuleViolationException(`The criterion must be one of the ${command.grade} criteria of the threshold framework`, [
        { field: 'criterion', rule: 'RAG-3.criterion', message: `For ${command.grade}, choose one of: ${criteria.join(', ')}` },
      ]);
    }
    return this.uow.run(async (em) => {
      const { contact, triage, subject } = await this.lockForChange(em, contactId, subjectId);
      const [waiting] = await this.approvals.pendingFor(em, GRADE_LOWERING, 'subject_grade', [subject.id]);
      if (waiting) throw new ConflictException('A lower grade for this child is waiting for a manager; it must be approved or rejected first');
      const change = classifyGradeChange({ current: subject.grade, requested: command.grade, referrerUrgency: contact.urgency, approvedFloor: subject.approvedFloor });

      if (change.kind === 'needs_approval') {
        const payload: LoweringPayload = { subjectId, fromGrade: subject.grade, toGrade: command.grade, criterion: command.criterion, rationale: command.rationale, reasons: change.reasons, frameworkVersion: this.frameworks.active.version };
        const approval = await this.approvals.request(em, actor, { kind: GRADE_LOWERING, targetType: 'subject_grade', targetId: subject.id, contactId, payload: payload as unknown as Record<string, unknown> });
        await this.history(em, subject, 'lowering_requested', command.grade, actor.userId, { criterion: command.criterion, rationale: command.rationale, approvalId: approval.id });
        await this.audit.record(em, actor, { action: 'subject_grade.lowering_requested', entityType: 'subject_grade', entityId: subject.id, summary: { contactId, subjectId, from: subject.grade, to: command.grade, reasons: change.reasons, approvalId: approval.id } });
        return this.result(contactId, subject, triage, command.grade, 'pending_approval', approval.id, change.reasons);
      }

      const from = subject.grade;
      Object.assign(subject, { grade: command.grade, confirmedGrade: command.grade, criterion: command.criterion, rationale: command.rationale, confirmedByUserId: actor.userId, confirmedAt: this.now(), frameworkVersion: this.frameworks.active.version, awaitingConfirmation: false });
      await subjectGradeRows.update(em, subject.id, { grade: subject.grade, confirmedGrade: subject.confirmedGrade, criterion: subject.criterion, rationale: subject.rationale, confirmedByUserId: subject.confirmedByUserId, confirmedAt: subject.confirmedAt, frameworkVersion: subject.frameworkVersion, awaitingConfirmation: false });
      await this.history(em, subject, change.kind === 'raise' ? 'raised' : 'confirmed', command.grade, actor.userId, { criterion: command.criterion, rationale: command.rationale, fromGrade: from });
      await this.recomputeContactGrade(em, actor, triage, change.kind === 'raise' ? 'raised' : 'confirmed');
      await this.audit.record(em, actor, { action: change.kind === 'raise' ? 'subject_grade.raised' : 'subject_grade.confirmed', entityType: 'subject_grade', entityId: subject.id, summary: { contactId, subjectId, from, to: command.grade, criterion: command.criterion } });
      await this.status.apply(em, actor, contact, 'grade_confirmed');
      return this.result(contactId, subject, triage, command.grade, 'confirmed', null, []);
    });
  }

  /** ApprovalHandler: a manager approved a lower grade; it takes effect now, as the worker asked. */
  async approve(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown>> {
    const payload = approval.payload as unknown as LoweringPayload;
    const subject = await subjectGradeRows.lockById(em, approval.targetId);
    if (!subject) throw new NotFoundException('The child of this request no longer exists');
    if (subject.grade !== payload.fromGrade) throw new ConflictException(`The grade changed to ${subject.grade} since this was requested; reject it and ask again`);
    const floor = subject.approvedFloor && gradeRank(subject.approvedFloor) < gradeRank(payload.toGrade) ? subject.approvedFloor : payload.toGrade;
    Object.assign(subject, { grade: payload.toGrade, confirmedGrade: payload.toGrade, criterion: payload.criterion, rationale: payload.rationale, confirmedByUserId: approval.requestedByUserId, confirmedAt: this.now(), approvedFloor: floor, frameworkVersion: payload.frameworkVersion });
    await subjectGradeRows.update(em, subject.id, { grade: subject.grade, confirmedGrade: subject.confirmedGrade, criterion: subject.criterion, rationale: subject.rationale, confirmedByUserId: subject.confirmedByUserId, confirmedAt: subject.confirmedAt, approvedFloor: floor, frameworkVersion: subject.frameworkVersion, awaitingConfirmation: false });
    await this.history(em, subject, 'lowering_approved', payload.toGrade, actor.userId, { fromGrade: payload.fromGrade, criterion: payload.criterion, rationale: payload.rationale, approvalId: approval.id });
    const triage = await subjectGradeRows.triageOrFail(em, subject.contactId);
    await this.recomputeContactGrade(em, actor, triage, 'lowering_approved');
    return { subjectId: subject.subjectId, grade: subject.grade, contactGrade: triage.grade, decisionDueAt: triage.decisionDueAt.toISOString() };
  }

  /** ApprovalHandler: the lower grade was returned; the grade in effect stays. */
  async reject(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown>> {
    const payload = approval.payload as unknown as LoweringPayload;
    const subject = await subjectGradeRows.byId(em, approval.targetId);
    await this.history(em, subject, 'lowering_rejected', payload.toGrade, actor.userId, { fromGrade: subject.grade, approvalId: approval.id });
    return { subjectId: subject.subjectId, grade: subject.grade };
  }

  private async lockForChange(em: EntityManager, contactId: string, subjectId: string): Promise<{ contact: LockedContact; triage: ContactTriage; subject: SubjectGrade }> {
    const contact = await this.status.lock(em, contactId);
    if (!contact) throw new NotFoundException('No such contact');
    if (contact.status === 'historical') throw new ConflictException(HISTORICAL_NOT_TRIAGED);
    const subject = await subjectGradeRows.ofChild(em, contactId, subjectId);
    const triage = await subjectGradeRows.triage(em, contactId);
    if (!triage) {
      if (!(await subjectGradeRows.childExists(em, contactId, subjectId))) throw new NotFoundException('No such child on this contact');
      throw new ConflictException('This contact has not been graded yet; try again in a moment. If the queue shows it as "grade by hand", grade every child at POST /api/v1/contacts/{id}/grade-by-hand');
    }
    if (!subject) throw new NotFoundException('No such child on this contact');
    if (contact.status === 'decided') throw new ConflictException('Every child of this contact is decided; the grade can no longer change');
    return { contact, triage, subject };
  }

  /**
   * The contact's grade is the highest of its children's. A higher contact grade brings the decision
   * deadline forward at once (never later than it was); an approved lower one may give more time
   * (never less than it had), unless the clock has already been breached.
   */
  async recomputeContactGrade(em: EntityManager, actor: Actor, triage: ContactTriage, reason: string): Promise<void> {
    const subjects = await subjectGradeRows.gradesOf(em, triage.contactId);
    const grade = contactGrade(subjects);
    if (grade === triage.grade) return;
    const deadline = this.frameworks.active.grades[grade].decisionDeadline;
    const ref = { kind: 'decision_due' as const, targetType: 'contact', targetId: triage.contactId };
    const clock = await this.clocks.findRunning(em, ref);
    let dueAt = triage.decisionDueAt;
    if (clock) {
      if (gradeRank(grade) > gradeRank(triage.grade)) {
        const fromNow = this.clocks.computeDueAt('decision_due', this.now(), deadline);
        dueAt = fromNow < clock.dueAt ? fromNow : clock.dueAt;
      } else if (!clock.breachedAt) {
        const fromStart = this.clocks.computeDueAt('decision_due', clock.startedAt, deadline);
        dueAt = fromStart > clock.dueAt ? fromStart : clock.dueAt;
      }
      await this.clocks.reschedule(em, ref, dueAt, { duration: deadline, reason: `contact grade ${triage.grade} -> ${grade} (${reason})`, by: actor });
    }
    triage.grade = grade;
    triage.decisionDueAt = dueAt;
    await subjectGradeRows.setContactGrade(em, triage.contactId, grade, dueAt);
  }

  private async history(
    em: EntityManager,
    subject: SubjectGrade,
    kind: GradeChangeKind,
    toGrade: Grade,
    byUserId: string | null,
    extra: { fromGrade?: Grade; criterion?: string; rationale?: string; approvalId?: string },
  ): Promise<void> {
    await subjectGradeRows.addChange(em, {
      subjectGradeId: subject.id,
      contactId: subject.contactId,
      subjectId: subject.subjectId,
      kind,
      fromGrade: extra.fromGrade ?? subject.grade,
      toGrade,
      criterion: extra.criterion ?? null,
      rationale: extra.rationale ?? null,
      byUserId,
      approvalId: extra.approvalId ?? null,
      frameworkVersion: this.frameworks.active.version,
    });
  }

  private result(contactId: string, subject: SubjectGrade, triage: ContactTriage, requested: Grade, status: GradeResult['status'], approvalId: string | null, reasons: string[]): GradeResult {
    return {
      contactId,
      subjectId: subject.subjectId,
      status,
      grade: subject.grade,
      requestedGrade: requested,
      provisionalGrade: subject.provisionalGrade,
      contactGrade: triage.grade,
      decisionDueAt: triage.decisionDueAt.toISOString(),
      approvalId,
      reasons,
    };
  }
}
