import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Actor, isMashStaff } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { InvalidInputException, RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { ContactStatusWriter } from '../contacts/contact-status.writer';
import { DecisionApprovals } from './decision-approvals';
import { DecisionContextService } from './decision-context.service';
import { DecisionContributions } from './decision-contributions';
import { DecisionsConfig } from './decisions-config';
import { FinalDecisionFollowUp } from './final-decision-follow-up';
import { ContributedFinding, mergeContributedFindings } from './domain/contributed-findings';
import { ApprovalNeed, DecisionForm, DecisionGuardInput, evaluateDecisionGuards, validateDecisionInput } from './domain/decision-guards';
import { isBlank } from './domain/decision-vocabulary';
import { LeadProfessional, StepDownHandover, ThresholdDecision } from './persistence/threshold-decision.entity';
import { DecisionContextRepository } from './persistence/decision-context.repository';
import { ThresholdDecisionRepository } from './persistence/threshold-decision.repository';

export interface RecordDecisionCommand extends DecisionForm {
  contactId: string;
  subjectId: string;
  leadProfessional?: LeadProfessional | null;
  stepDown?: StepDownHandover | null;
  /** DEC-5: replace a final decision of the same child, with a reason. */
  supersedes?: { decisionId: string; reason: string };
}

export interface RecordedDecision {
  decision: ThresholdDecision;
  overrides: ContributedFinding[];
  needsApproval: ApprovalNeed[];
}

/**
 * Records a threshold decision for one child (SPEC DEC-1 to DEC-6): reads the context, runs the pure
 * guards and the guards other features contribute (DecisionContributions), and writes the row, its
 * audit event and (when final) the final-decision effects in one transaction. A decision needing a manager is stored as pending_approval with an approval request;
 * DecisionApprovalHandler later calls finalise or returnToDecider.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: DecisionsConfig,
    private readonly context: DecisionContextService,
    private readonly approvals: DecisionApprovals,
    private readonly contributions: DecisionContributions,
    private readonly decisions: ThresholdDecisionRepository,
    private readonly children: DecisionContextRepository,
    private readonly followUp: FinalDecisionFollowUp,
    private readonly contactStatus: ContactStatusWriter,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async record(actor: Actor, cmd: RecordDecisionCommand): Promise<RecordedDecision> {
    if (!isMashStaff(actor) || !actor.userId) throw new ForbiddenException('Only MASH workers and managers record decisions');
    return this.uow.run(async (em) => {
      // Locking the child's row serialises two decisions for one child; the unique index is the backstop.
      const subject = await this.children.lockChild(em, cmd.contactId, cmd.subjectId);
      if (!subject) throw new NotFoundException('No such child on this contact');
      const superseded = await this.currentOrSuperseded(em, cmd);

      const at = this.now();
      const ctx = await this.context.getContext(em, { contactId: cmd.contactId, subjectId: cmd.subjectId, at });
      if (!ctx.grade) throw new ConflictException("Confirm the child's grade before deciding (SPEC RAG-3)");
      const input: DecisionGuardInput = {
        ...cmd,
        grade: ctx.grade,
        referrerSaidChildProtection: ctx.referrerSaidChildProtection,
        accumulationFlags: ctx.flags,
        cpIndicatorEverRecorded: ctx.cpIndicatorEverRecorded,
        outstandingRequiredChecks: ctx.outstandingRequiredChecks,
        supersedesOutcome: superseded?.outcome ?? null,
        actorIsManager: actor.role === 'mash_manager',
        preClosureWindow: ctx.preClosureWindow,
      };
      const bad = validateDecisionInput(input, this.config.reasons);
      if (bad.length) throw new InvalidInputException(bad);
      const guardResult = evaluateDecisionGuards(input, { reasons: this.config.reasons, policy: this.config.policy });
      // Guards other features add (e.g. STR-2): a manager's override with a reason lets them through, with approval.
      const contributed = await this.contributions.findings(em, { contactId: cmd.contactId, subjectId: cmd.subjectId, outcome: cmd.outcome, thresholdLevel: cmd.thresholdLevel, leadProfessional: cmd.leadProfessional ?? null, stepDown: cmd.stepDown ?? null });
      const result = mergeContributedFindings(guardResult, contributed, input.actorIsManager && !isBlank(cmd.overrideReason));
      if (result.violations.length) {
        const n = result.violations.length;
        const managerHint = result.violations.some((v) => v.rule.startsWith('DEC-3.')) ? '; a manager may override a DEC-3 guard with a reason' : '';
        throw new RuleViolationException(`The decision breaks ${n} rule${n > 1 ? 's' : ''}${managerHint}`, result.violations.map(({ field, rule, message }) => ({ field, rule, message })));
      }

      const id = randomUUID();
      const status = result.approvalsRequired > 0 ? 'pending_approval' : 'final';
      // The old decision leaves "current" before the new final one enters it (uq_threshold_decision_current).
      if (status === 'final' && superseded) await this.markSuperseded(em, actor, superseded, id, at);
      const overriding = result.overrides.length > 0;
      const row = this.decisions.create(em, {
        id,
        contactId: cmd.contactId,
        subjectId: cmd.subjectId,
        personId: subject.personId,
        outcome: cmd.outcome,
        thresholdLevel: cmd.thresholdLevel,
        status,
        rationale: cmd.rationale.trim(),
        decidedByUserId: actor.userId!,
        decidedAt: at,
        finalAt: status === 'final' ? at : null,
        frameworkVersion: ctx.frameworkVersion,
        supersedesId: superseded?.id ?? null,
        supersedeReason: cmd.supersedes?.reason.trim() ?? null,
        gradeAtDecision: ctx.grade,
        flagsAtDecision: ctx.flags,
        historyReviewed: cmd.historyReviewed === true,
        riskAnalysis: cmd.riskAnalysis ?? null,
        reasonsThresholdNotMet: cmd.reasonsThresholdNotMet ?? null,
        alternativeSupport: (cmd.alternativeSupport ?? []).filter((s) => !isBlank(s)),
        reasonCodes: [...new Set(cmd.reasonCodes ?? [])],
        reasonCatalogueVersion: this.config.reasons.version,
        childSeenAlone: cmd.childSeenAlone ?? null,
        childSeenAloneWhyNot: cmd.childSeenAloneWhyNot ?? null,
        checksDone: cmd.checksDone ?? null,
        strategyDiscussionConsidered: cmd.strategyDiscussionConsidered ?? null,
        referrerSaidChildProtection: ctx.referrerSaidChildProtection,
        referrerDisagreementAddressed: cmd.referrerDisagreementAddressed ?? null,
        leadProfessional: cmd.leadProfessional ?? null,
        stepDown: cmd.stepDown ?? null,
        overriddenRules: result.overrides.map((o) => o.rule),
        overrideReason: overriding ? cmd.overrideReason!.trim() : null,
        overriddenByUserId: overriding ? actor.userId : null,
        approvalReasons: result.needsApproval.map((n) => n.reason),
        approvalsRequired: result.approvalsRequired,
        requiresSecondManager: result.requiresSecondManager,
      });
      try {
        await this.decisions.insert(em, row);
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw new ConflictException('This child already has a current decision');
        throw error;
      }
      await this.audit.record(em, actor, {
        action: 'decision.recorded',
        entityType: 'threshold_decision',
        entityId: id,
        summary: {
          contactId: cmd.contactId,
          subjectId: cmd.subjectId,
          outcome: cmd.outcome,
          thresholdLevel: cmd.thresholdLevel,
          grade: ctx.grade,
          status,
          reasonCodes: row.reasonCodes,
          overriddenRules: row.overriddenRules,
          approvalReasons: row.approvalReasons,
          supersedesId: row.supersedesId,
        },
      });
      if (status === 'pending_approval') {
        const { approvalId } = await this.approvals.request(em, {
          entityType: 'threshold_decision',
          entityId: id,
          contactId: cmd.contactId,
          subjectId: cmd.subjectId,
          requestedBy: actor,
          reasons: result.needsApproval.map(({ reason, message }) => ({ reason, message })),
          approvalsRequired: result.approvalsRequired,
          requiresSecondManager: result.requiresSecondManager,
          excludedApproverUserIds: [actor.userId!],
        });
        await this.decisions.update(em, id, { approvalId });
        row.approvalId = approvalId;
      } else {
        await this.finalEffects(em, row, actor);
      }
      await this.refreshContactStatus(em, cmd.contactId);
      return { decision: row, overrides: result.overrides, needsApproval: result.needsApproval };
    });
  }

  /** DEC-5: a manager replaces a signed-off decision with a new one for the same child, with a reason. */
  async supersede(actor: Actor, decisionId: string, reason: string, form: Omit<RecordDecisionCommand, 'contactId' | 'subjectId' | 'supersedes'>): Promise<RecordedDecision> {
    const old = await this.decisions.origin(decisionId);
    if (!old) throw new NotFoundException('No such decision');
    return this.record(actor, { ...form, contactId: old.contactId, subjectId: old.subjectId, supersedes: { decisionId, reason } });
  }

  /**
   * Called by DecisionApprovalHandler, in the approval's transaction, once enough managers approved. The
   * approvers are never the decider (DEC-4), and a RAG-6 decision needs as many as it asked for.
   */
  async finalise(em: EntityManager, actor: Actor, decisionId: string, approverUserIds: string[]): Promise<ThresholdDecision> {
    const row = await this.lockPending(em, decisionId);
    const approvers = [...new Set(approverUserIds)];
    if (approvers.includes(row.decidedByUserId)) throw new ForbiddenException('Nobody approves their own decision (SPEC DEC-4)');
    if (approvers.length < Math.max(1, row.approvalsRequired)) {
      throw new ConflictException(`This decision needs ${row.approvalsRequired} managers' approval${row.requiresSecondManager ? ' (SPEC RAG-6: a second manager)' : ''}`);
    }
    const at = this.now();
    if (row.supersedesId) {
      const old = await this.decisions.lock(em, row.supersedesId);
      if (!old || old.status !== 'final') throw new ConflictException('The decision this one replaces is no longer the current one');
      await this.markSuperseded(em, actor, old, row.id, at);
    }
    await this.decisions.update(em, row.id, { status: 'final', finalAt: at, approvedByUserIds: approvers });
    Object.assign(row, { status: 'final', finalAt: at, approvedByUserIds: approvers });
    await this.audit.record(em, actor, { action: 'decision.approved', entityType: 'threshold_decision', entityId: row.id, summary: { contactId: row.contactId, subjectId: row.subjectId, approvers: approvers.length } });
    await this.finalEffects(em, row, actor);
    await this.refreshContactStatus(em, row.contactId);
    return row;
  }

  /** Who made a decision that waits for approval (the approval adapter refuses them as an approver). */
  async pendingDecider(em: EntityManager, decisionId: string): Promise<string> {
    return (await this.lockPending(em, decisionId)).decidedByUserId;
  }

  /** Called by DecisionApprovalHandler when a manager returns the decision with comments (DEC-4). */
  async returnToDecider(em: EntityManager, actor: Actor, decisionId: string): Promise<ThresholdDecision> {
    const row = await this.lockPending(em, decisionId);
    if (actor.userId === row.decidedByUserId) throw new ForbiddenException('Nobody approves or returns their own decision (SPEC DEC-4)');
    await this.decisions.update(em, row.id, { status: 'returned' });
    row.status = 'returned';
    await this.audit.record(em, actor, { action: 'decision.returned', entityType: 'threshold_decision', entityId: row.id, summary: { contactId: row.contactId, subjectId: row.subjectId } });
    await this.refreshContactStatus(em, row.contactId);
    return row;
  }

  private async currentOrSuperseded(em: EntityManager, cmd: RecordDecisionCommand): Promise<ThresholdDecision | null> {
    if (!cmd.supersedes) {
      const current = await this.decisions.current(em, cmd.subjectId);
      if (current) throw new ConflictException(`This child already has a ${current.status === 'final' ? 'final' : 'pending'} decision; a final one can only be superseded (SPEC DEC-5)`);
      return null;
    }
    const old = await this.decisions.lock(em, cmd.supersedes.decisionId);
    if (!old || old.subjectId !== cmd.subjectId) throw new NotFoundException('No such decision for this child');
    if (old.status !== 'final') throw new ConflictException(`Only a final decision can be superseded; this one is ${old.status}`);
    if (isBlank(cmd.supersedes.reason)) {
      throw new RuleViolationException('Superseding a decision needs a reason', [{ field: 'reason', rule: 'DEC-5.supersede-reason', message: 'Say why this decision replaces the signed-off one (SPEC DEC-5)' }]);
    }
    const waiting = await this.decisions.pendingSuccessor(em, old.id);
    if (waiting) throw new ConflictException('A decision replacing this one is already waiting for approval');
    return old;
  }

  private async lockPending(em: EntityManager, decisionId: string): Promise<ThresholdDecision> {
    const row = await this.decisions.lock(em, decisionId);
    if (!row) throw new NotFoundException('No such decision');
    if (row.status !== 'pending_approval') throw new ConflictException(`This decision is ${row.status}, not waiting for approval`);
    return row;
  }

  /** DEC-5: the one change the database allows on a final decision. */
  private async markSuperseded(em: EntityManager, actor: Actor, old: ThresholdDecision, newId: string, at: Date): Promise<void> {
    await this.decisions.update(em, old.id, { status: 'superseded', supersededById: newId, supersededAt: at });
    await this.audit.record(em, actor, { action: 'decision.superseded', entityType: 'threshold_decision', entityId: old.id, summary: { supersededById: newId, subjectId: old.subjectId } });
  }

  /**
   * A final decision's effects, in this order: decisions' own follow-up (clocks, outcome feedback),
   * then what other features contribute (DecisionContributions). The chronology reads decisions
   * from their table, so no event is queued for it.
   */
  private async finalEffects(em: EntityManager, row: ThresholdDecision, actor: Actor): Promise<void> {
    await this.followUp.onFinal(em, row, actor);
    await this.contributions.runOnFinal(em, row, actor);
  }

  /** The contact is `decided` when every child has a final decision; `pending_approval` while any waits; else `in_progress`. */
  private async refreshContactStatus(em: EntityManager, contactId: string): Promise<void> {
    const status = (await this.decisions.undecidedChildren(em, contactId)) === 0 ? 'decided' : (await this.decisions.anyPendingApproval(em, contactId)) ? 'pending_approval' : 'in_progress';
    await this.contactStatus.set(em, contactId, status);
  }
}
