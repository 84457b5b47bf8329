import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, isMashStaff } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { SlaClockService } from '../calendar/sla-clock.service';
import { ChallengeTargets } from './challenge-targets';
import { ChallengeOutcome, ChallengeTargetType, EscalationConfig, responseProblems } from './domain/escalation';
import { NewDecisionDto } from './dto/challenge.dto';
import { ESCALATION_CONFIG } from './escalation-config';
import type { Challenge } from './persistence/challenge.entity';
import { challengeRows } from './persistence/challenge.repository';
import { DecisionsService } from '../decisions/decisions.service';
import { StepDownsService } from '../step-downs/step-downs.service';
import { StrategyDeclineChallenges } from '../strategy/strategy-decline-challenges.service';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../common/pagination';

export const CHALLENGE_CLOCK = 'challenge_response' as const;

/**
 * Challenges (SPEC ESC-1): raised by a professional about something that concerns them, answered by
 * a MASH manager at the current stage, escalated by the sweep when the stage's clock runs out.
 */
@Injectable()
export class ChallengesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clocks: SlaClockService,
    private readonly targets: ChallengeTargets,
    private readonly decisions: DecisionsService,
    private readonly strategy: StrategyDeclineChallenges,
    private readonly stepDowns: StepDownsService,
    @Inject(ESCALATION_CONFIG) private readonly config: EscalationConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async raise(actor: Actor, input: { targetType: ChallengeTargetType; targetId: string; reason: string }) {
    if (!actor.userId) throw new ForbiddenException('Only an account holder can raise a challenge');
    const id = await this.uow.run(async (em) => {
      const target = await this.targets.resolve(em, input.targetType, input.targetId, actor);
      if (!target) throw new NotFoundException(`No such ${input.targetType.replace('_', ' ')} for you to challenge`);
      if (target.notChallengeable) throw new ConflictException(target.notChallengeable);
      const at = this.now();
      const stage = this.config.stages[0];
      const id = await challengeRows.insertOpen(em, {
        targetType: input.targetType, targetId: input.targetId, contactId: target.contactId, subjectId: target.subjectId, challengerUserId: actor.userId!,
        challengerAgencyId: actor.agencyId, challengerRole: actor.role, reason: input.reason.trim(), stageKey: stage.key, stageStartedAt: at, escalationVersion: this.config.version,
      });
      if (!id) throw new ConflictException('You already have an open challenge of this; it is being looked at');
      const row = { id };
      await challengeRows.addEvent(em, { challengeId: row.id, kind: 'raised', stageKey: stage.key, at, byUserId: actor.userId });
      await this.clocks.start(em, { kind: CHALLENGE_CLOCK, targetType: 'challenge', targetId: row.id, contactId: target.contactId, startedAt: at, by: actor });
      await this.audit.record(em, actor, {
        action: 'challenge.raised',
        entityType: 'challenge',
        entityId: row.id,
        summary: { targetType: input.targetType, targetId: input.targetId, contactId: target.contactId, subjectId: target.subjectId, stage: stage.key },
      });
      return row.id;
    });
    return this.view(actor, id, false);
  }

  async respond(actor: Actor, id: string, input: { outcome: ChallengeOutcome; reason: string; newDecision?: NewDecisionDto }) {
    // Checked first, so a decision is never superseded for a challenge that cannot take the answer.
    const before = await this.uow.read((em) => challengeRows.find(em, id));
    if (!before) throw new NotFoundException('No such challenge');
    const decidedBy = await this.targetDecider(before);
    this.check(before, input, decidedBy === actor.userId);

    let newDecision: { decisionId: string; status: string } | null = null;
    if (input.outcome === 'changed' && before.targetType === 'decision') {
      // Through the decisions module, so every guard, approval and final-decision effect applies to the new decision (DEC-5).
      const { decision } = await this.decisions.record(actor, {
        ...input.newDecision!,
        overrideReason: input.newDecision!.overrideReason ?? null,
        contactId: before.contactId!,
        subjectId: before.subjectId!,
        supersedes: { decisionId: before.targetId, reason: `Challenge ${before.id} (${before.stageKey}): ${input.reason.trim()}` },
      });
      newDecision = { decisionId: decision.id, status: decision.status };
    }
    if (input.outcome === 'changed' && before.targetType === 'step_down') await this.stepDowns.prepareWithdraw();
    await this.uow.run(async (em) => {
      const row = await challengeRows.find(em, id, true);
      // The stage may have moved on meanwhile; the answer still stands. Only a second answer is refused.
      if (!row || row.status !== 'open') throw new ConflictException('This challenge has already been answered');
      const at = this.now();
      // A changed answer changes what was challenged, in the same transaction (a decision was superseded above).
      if (input.outcome === 'changed' && row.targetType === 'strategy_decline') await this.strategy.reopen(em, actor, row.targetId, id);
      if (input.outcome === 'changed' && row.targetType === 'step_down') await this.stepDowns.withdrawOnChallenge(em, actor, row.targetId, id);
      await challengeRows.update(em, id, { status: 'resolved', outcome: input.outcome, outcomeReason: input.reason.trim(), respondedByUserId: actor.userId, respondedAt: at, newDecisionId: newDecision?.decisionId ?? null });
      await challengeRows.addEvent(em, { challengeId: id, kind: 'responded', stageKey: row.stageKey, at, byUserId: actor.userId, note: input.outcome });
      await this.clocks.meet(em, { kind: CHALLENGE_CLOCK, targetType: 'challenge', targetId: id }, { at, by: actor });
      await this.audit.record(em, actor, {
        action: 'challenge.responded',
        entityType: 'challenge',
        entityId: id,
        summary: { outcome: input.outcome, stage: row.stageKey, newDecisionId: newDecision?.decisionId ?? null, contactId: row.contactId },
      });
    });
    return this.view(actor, id, false);
  }

  /** Newest first, a page at a time (cursor from the previous page's nextCursor). */
  async list(actor: Actor, query: { mine?: boolean; status?: 'open' | 'resolved'; limit?: number; cursor?: string }) {
    const staff = isMashStaff(actor) || actor.role === 'auditor';
    if (!staff && query.mine !== true) throw new BadRequestException({ message: 'Ask for your own challenges with mine=true', details: [{ field: 'mine', rule: 'equals', message: 'mine must be true' }] });
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    const rows = await this.uow.read((em) => challengeRows.page(em, { limit, after, status: query.status, ...(query.mine ? { challengerUserId: actor.userId } : {}) }));
    const page = rows.slice(0, limit);
    const items = [];
    for (const r of page) items.push(await this.view(actor, r.id, false));
    // Each challenge carries its reason (about the child): a read of every one listed.
    await this.audit.recordReads(actor, 'challenge', page.map((r) => r.id), { view: 'list' });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeTimeIdCursor(last.created_at, last.id) : null };
  }

  /** The challenger sees their own; MASH staff and auditors see any; anyone else gets a 404. */
  async view(actor: Actor, id: string, audited = true) {
    return this.uow.read(async (em) => {
    const c = await challengeRows.find(em, id);
    const staff = isMashStaff(actor) || actor.role === 'auditor';
    if (!c || (!staff && c.challengerUserId !== actor.userId)) throw new NotFoundException('No such challenge');
    if (audited) await this.audit.recordRead(actor, 'challenge', id, { contactId: c.contactId });
    const events = await challengeRows.eventsOf(em, id);
    const clock = await this.clocks.findRunning(em, { kind: CHALLENGE_CLOCK, targetType: 'challenge', targetId: id });
    const stage = this.config.stages[c.stageIndex];
    let newDecision: { id: string; outcome: string; thresholdLevel: number; status: string } | null = null;
    if (c.newDecisionId) {
      newDecision = await challengeRows.decisionSummary(em, c.newDecisionId);
    }
    return {
      id: c.id,
      targetType: c.targetType,
      targetId: c.targetId,
      contactId: c.contactId,
      subjectId: c.subjectId,
      reason: c.reason,
      status: c.status,
      stage: { index: c.stageIndex, key: c.stageKey, label: stage?.label ?? c.stageKey, startedAt: c.stageStartedAt.toISOString(), responseDueAt: clock ? new Date(clock.dueAt).toISOString() : null },
      outcome: c.outcome,
      outcomeReason: c.outcomeReason,
      respondedAt: c.respondedAt?.toISOString() ?? null,
      newDecision,
      history: events.map((e) => ({ kind: e.kind, stage: e.stageKey, at: e.at.toISOString(), automatic: e.kind === 'escalated' && e.byUserId === null, note: e.note })),
      procedureUrl: this.config.procedureUrl,
      createdAt: c.createdAt.toISOString(),
    };
    });
  }

  private check(c: Challenge, input: { outcome: ChallengeOutcome; newDecision?: NewDecisionDto }, responderDecided: boolean): void {
    const { conflict, problems } = responseProblems({
      outcome: input.outcome,
      targetType: c.targetType as ChallengeTargetType,
      hasNewDecision: input.newDecision !== undefined,
      status: c.status,
      responderDecidedTarget: responderDecided,
    });
    if (conflict) throw new ConflictException(conflict);
    if (problems.length) throw new RuleViolationException('The answer breaks a rule of the escalation procedure', problems);
  }

  private async targetDecider(c: Challenge): Promise<string | null> {
    return this.uow.run(async (em: EntityManager) => {
      const target = await this.targets.resolve(em, c.targetType as ChallengeTargetType, c.targetId, { userId: c.challengerUserId, role: c.challengerRole as Actor['role'], agencyId: c.challengerAgencyId, requestId: null, ip: null });
      return target?.decidedByUserId ?? null;
    });
  }
}
