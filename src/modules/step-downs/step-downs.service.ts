import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, isMashStaff, SYSTEM_ACTOR } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { OutboxService } from '../../queue/outbox.service';
import { jobId, QUEUES } from '../../queue/queue-names';
import type { DecisionOutcome } from '../decisions/domain/decision-vocabulary';
import { applyOverride, stepDownBlocks } from './domain/step-down-blocks';
import type { CreateStepDownDto } from './dto/step-down.dto';
import { londonDate } from '../../common/london-date';
import { ContactRequeueService } from '../contacts/use-cases/contact-requeue.service';
import { childLevels } from './persistence/child-level.repository';
import { missingStepDownParts, PartFields, reviewDateInPast } from './domain/step-down-completeness';
import { StepDownRepository } from './persistence/step-down.repository';
import { REQUEUE_NOTES, RequeueReason } from './domain/requeue-reason';
import { readStepDownFacts } from './persistence/step-down-facts';
import { PlanAction, StepDown } from './persistence/step-down.entity';
import { StepDownClocks } from './step-down-clocks';
import { STEP_DOWNS_CONFIG, StepDownsConfig } from './step-downs-config';
import { StepDownView, toView } from './step-down-view';
import { stepDownOfferCount, stepDownOffers } from './persistence/step-down-offers';

/** Field names of the parts on POST /step-downs, and on an early_help decision's form. */
const REQUEST_FIELDS: PartFields = { agency: 'receivingAgencyId' };
const DECISION_FIELDS: PartFields = { prefix: 'stepDown.', lead: 'leadProfessional' };

interface ChildRef {
  contactId: string;
  subjectId: string;
  personId: string | null;
}

/** What a final threshold decision tells step-downs (the decision itself belongs to decisions). */
export interface FinalDecision {
  id: string;
  contactId: string;
  subjectId: string;
  personId: string | null;
  outcome: DecisionOutcome;
  overrideReason: string | null;
  leadProfessional: { userId?: string | null; name: string; agencyId?: string | null; email?: string | null } | null;
  stepDown?: StepDownHandover | null;
}

/** What an early_help decision hands over with the child (SPEC STEP-2), besides its lead professional. */
export interface StepDownHandover {
  riskHandover?: string | null;
  plan?: { actions: PlanAction[] } | null;
  reviewDate?: string | null;
}

interface LeadProfessional {
  userId: string | null;
  name: string;
  email: string | null;
  agencyId: string | null;
}

interface NewStepDown {
  child: ChildRef;
  decisionId: string | null;
  receivingAgencyId: string | null;
  lead: LeadProfessional;
  riskHandover: string | null;
  plan: { actions: PlanAction[] };
  reviewDate: string | null;
  overrideReason?: string | null;
}

/**
 * Step-down to early help as a workflow (SPEC STEP-2, STEP-3, STEP-5): proposed (by an early_help
 * decision or by MASH staff) as pending_acceptance with its clocks; accepted by the named lead
 * professional or their agency (a transition to early_help); rejected, declined by the family or left
 * past the hard limit, the child goes back to the triage queue as a new contact, exactly once.
 */
@Injectable()
export class StepDownsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clocks: StepDownClocks,
    private readonly contactRequeue: ContactRequeueService,
    private readonly repo: StepDownRepository,
    @Inject(STEP_DOWNS_CONFIG) private readonly config: StepDownsConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /**
   * POST /api/v1/step-downs (MASH staff). A child has at most one step-down waiting for acceptance:
   * when an early_help decision already proposed one, this completes it (the parts it lacks) instead
   * of opening a second; when a complete one is pending, it is a conflict.
   */
  async createDirect(actor: Actor, dto: CreateStepDownDto): Promise<StepDownView & { completed?: boolean }> {
    if (!dto.subjectId === !dto.personId) {
      throw new RuleViolationException('Name the child', [{ field: 'subjectId', rule: 'STEP-2.child', message: 'Give subjectId or personId, not both' }]);
    }
    await this.contactRequeue.prepare(this.now());
    return this.uow.run(async (em) => {
      const child = await this.findChild(em, dto);
      if (dto.receivingAgencyId && !(await this.repo.agencyExists(em, dto.receivingAgencyId))) {
        throw new RuleViolationException('No such agency', [{ field: 'receivingAgencyId', rule: 'STEP-2.receiving-agency', message: 'receivingAgencyId is not a known agency' }]);
      }
      const lead = await this.resolveLead(em, dto.leadProfessional ?? {}, dto.receivingAgencyId ?? null);
      const parts = { riskHandover: dto.riskHandover ?? null, plan: dto.plan ? { actions: dto.plan.actions } : null, reviewDate: dto.reviewDate ?? null };
      await this.repo.lockChild(em, child);
      const pending = await this.repo.pendingFor(em, child);
      if (pending && pending.decisionId && !this.isComplete(pending)) {
        return { ...toView(await this.complete(em, actor, pending, lead, parts)), completed: true };
      }
      if (pending) throw new ConflictException(`This child already has a step-down waiting for acceptance (${pending.id})`);
      this.requireComplete(lead, parts, REQUEST_FIELDS);
      const row = await this.propose(em, actor, {
        child, decisionId: null, receivingAgencyId: lead.agencyId, lead, riskHandover: parts.riskHandover, plan: parts.plan!,
        reviewDate: parts.reviewDate, overrideReason: dto.overrideReason ?? null,
      });
      return toView(row);
    });
  }

  /**
   * The decision guard's question (SPEC STEP-2): what an early_help decision for this child lacks to
   * make a step-down someone can accept. Nothing when the child already has a complete step-down
   * waiting (the decision takes it over rather than opening a second).
   */
  async missingForDecision(em: EntityManager, child: { contactId: string; subjectId: string; personId: string | null }, form: { leadProfessional?: FinalDecision['leadProfessional'] | null; stepDown?: StepDownHandover | null }) {
    const pending = await this.repo.pendingFor(em, child);
    if (pending && this.isComplete(pending)) return [];
    const lp = form.leadProfessional ?? null;
    // An account named by id, or by its e-mail address, gives the lead's agency (as resolveLead does when the step-down is made).
    const account = lp?.userId ? await this.repo.activeUser(em, lp.userId) : lp?.email ? await this.repo.activeUserByEmail(em, lp.email) : null;
    const lead = lp?.userId && account ? { name: account.name, agencyId: account.agencyId, email: account.email } : lp && { ...lp, agencyId: lp.agencyId ?? account?.agencyId ?? null };
    const sd = form.stepDown ?? {};
    return [
      ...missingStepDownParts({ lead, riskHandover: sd.riskHandover, plan: sd.plan, reviewDate: sd.reviewDate }, DECISION_FIELDS),
      ...reviewDateInPast(sd.reviewDate, londonDate(this.now()), 'stepDown.reviewDate'),
    ];
  }

  /**
   * The FinalDecisionEffect: an early_help decision proposes the step-down in the decision's own
   * transaction. The STEP-3 blocks were already shown to the decider as guards (overridable by a
   * manager through DEC-4 approval), so here only the sexual abuse block, which nothing lifts, stops
   * it. A step-down already waiting for the child is taken over (linked to the decision), not doubled.
   */
  async createFromDecision(em: EntityManager, decision: FinalDecision, actor: Actor): Promise<void> {
    if (decision.outcome !== 'early_help') return;
    if (await this.repo.byDecision(em, decision.id)) return;
    const subject = await this.repo.childBySubject(em, decision.subjectId);
    const child = { contactId: decision.contactId, subjectId: decision.subjectId, personId: decision.personId ?? subject?.personId ?? null };
    await this.repo.lockChild(em, child);
    const pending = await this.repo.pendingFor(em, child);
    const lp = decision.leadProfessional;
    const sd = decision.stepDown ?? {};
    const parts = { riskHandover: sd.riskHandover ?? null, plan: sd.plan ?? null, reviewDate: sd.reviewDate ?? null };
    if (pending) {
      if (!pending.decisionId) {
        await this.repo.update(em, pending.id, { decisionId: decision.id });
        await this.audit.record(em, actor, { action: 'step_down.linked_to_decision', entityType: 'step_down', entityId: pending.id, summary: { decisionId: decision.id, contactId: pending.contactId } });
      }
      return;
    }
    const lead = lp
      ? await this.resolveLead(em, { userId: lp.userId ?? undefined, name: lp.name, email: lp.email ?? undefined }, lp.agencyId ?? null)
      : { userId: null, name: '', email: null, agencyId: null };
    // Checked again here: a decision waiting for approval when this rule came in reaches this point unchecked.
    this.requireComplete(lead, parts, DECISION_FIELDS);
    await this.propose(em, actor, {
      child, decisionId: decision.id, receivingAgencyId: lead.agencyId, lead, riskHandover: parts.riskHandover, plan: parts.plan!, reviewDate: parts.reviewDate,
      overrideReason: decision.overrideReason, fromDecision: true,
    });
  }

  async get(actor: Actor, id: string): Promise<StepDownView> {
    const row = await this.uow.run((em) => this.findFor(em, actor, id, false));
    await this.audit.recordRead(actor, 'step_down', id);
    return toView(row);
  }

  /**
   * Step-downs offered to the caller: named as lead professional, or to their agency; newest first,
   * with the child's name so the receiving professional knows whom they take on. Each is a read of
   * the child's record and is audited.
   */
  async offeredTo(actor: Actor, limit = 100): Promise<(StepDownView & { child: { name: string; dateOfBirth: string | null } })[]> {
    if (!actor.userId) return [];
    const rows = await this.uow.run((em) => stepDownOffers(em, actor.userId!, actor.agencyId, limit));
    if (rows.length) {
      await this.uow.run((em) => this.audit.recordMany(em, actor, rows.map(({ row }) => ({ action: 'step_down.read', entityType: 'step_down', entityId: row.id, summary: { view: 'offered' } }))));
    }
    return rows.map(({ row, child }) => ({ ...toView(row), child }));
  }

  /** One step-down offered to the caller, as `offeredTo` shows it; any other id is 404. A read of that one only. */
  async offeredOne(actor: Actor, id: string): Promise<StepDownView & { child: { name: string; dateOfBirth: string | null } }> {
    const [offer] = actor.userId ? await this.uow.run((em) => stepDownOffers(em, actor.userId!, actor.agencyId, 1, id)) : [];
    if (!offer) throw new NotFoundException('No such step-down');
    await this.audit.recordRead(actor, 'step_down', id, { view: 'offered' });
    return { ...toView(offer.row), child: offer.child };
  }

  /** How many step-downs offered to the caller wait for an answer: a count, so no read of any child's record. */
  pendingOfferCount(actor: Actor): Promise<number> {
    if (!actor.userId) return Promise.resolve(0);
    return this.uow.run((em) => stepDownOfferCount(em, actor.userId!, actor.agencyId, 'pending_acceptance'));
  }

  /** The lead professional (or a user of the receiving agency) accepts: the child is now at early help with them. */
  async accept(actor: Actor, id: string): Promise<StepDownView> {
    return this.uow.run(async (em) => {
      const row = await this.findFor(em, actor, id, true);
      this.mustBePending(row);
      const at = this.now();
      await this.repo.update(em, id, { status: 'accepted', respondedAt: at, respondedByUserId: actor.userId });
      Object.assign(row, { status: 'accepted', respondedAt: at, respondedByUserId: actor.userId });
      if (row.personId) {
        const current = await childLevels.current(em, row.personId);
        await this.repo.insertTransition(em, {
          personId: row.personId, fromLevel: current, toLevel: 'early_help', effectiveAt: at, reason: 'Step-down accepted by the lead professional', source: 'mash',
          reference: null, leadProfessionalUserId: row.leadProfessionalUserId, leadProfessionalName: row.leadProfessionalName,
          leadProfessionalAgencyId: row.receivingAgencyId, decidedByUserId: actor.userId, stepDownId: row.id,
        });
      }
      await this.clocks.stop(em, row, 'met', actor);
      await this.audit.record(em, actor, { action: 'step_down.accepted', entityType: 'step_down', entityId: id, summary: { contactId: row.contactId, subjectId: row.subjectId } });
      // GP, school/setting and referrer are told who the lead professional is (the step-downs queue's notify-accepted job).
      await this.outbox.add(em, { queue: QUEUES.stepDowns, jobName: 'notify-accepted', jobId: jobId('step-down-notify', id), payload: { stepDownId: id } });
      return toView(row);
    });
  }

  /** Rejection with a reason returns the child to the triage queue as a new contact linked to the old. */
  async reject(actor: Actor, id: string, reason: string): Promise<StepDownView> {
    await this.contactRequeue.prepare(this.now());
    return this.uow.run(async (em) => {
      const row = await this.findFor(em, actor, id, true);
      this.mustBePending(row);
      const at = this.now();
      await this.repo.update(em, id, { status: 'rejected', respondedAt: at, respondedByUserId: actor.userId, rejectionReason: reason });
      Object.assign(row, { status: 'rejected', respondedAt: at, respondedByUserId: actor.userId, rejectionReason: reason });
      await this.clocks.stop(em, row, 'cancelled', actor);
      await this.audit.record(em, actor, { action: 'step_down.rejected', entityType: 'step_down', entityId: id, summary: { contactId: row.contactId, subjectId: row.subjectId } });
      return toView((await this.requeue(em, actor, row, 'rejected')) ?? row);
    });
  }

  /**
   * STEP-5: the family declined early help. Recorded, and a "reconsider threshold" task lands in the
   * triage queue: a new contact (channel early_help_step_up, note "Reconsider threshold") that triage
   * grades and lists like any other, instead of a closure.
   */
  async consentDeclined(actor: Actor, id: string, note: string | null): Promise<StepDownView> {
    await this.contactRequeue.prepare(this.now());
    return this.uow.run(async (em) => {
      const row = await this.findFor(em, actor, id, true);
      if (row.status !== 'pending_acceptance' && row.status !== 'accepted') throw new ConflictException(`This step-down is ${row.status}`);
      const at = this.now();
      await this.repo.update(em, id, { status: 'consent_declined', consentDeclinedAt: at, consentDeclinedNote: note });
      Object.assign(row, { status: 'consent_declined', consentDeclinedAt: at, consentDeclinedNote: note });
      await this.clocks.stop(em, row, 'cancelled', actor);
      await this.audit.record(em, actor, { action: 'step_down.consent_declined', entityType: 'step_down', entityId: id, summary: { contactId: row.contactId, subjectId: row.subjectId } });
      return toView((await this.requeue(em, actor, row, 'consent_declined')) ?? row);
    });
  }

  /** A step-down as a challenge of it sees it (SPEC ESC-1). */
  async forChallenge(em: EntityManager, id: string): Promise<Pick<StepDown, 'id' | 'contactId' | 'subjectId' | 'status' | 'receivingAgencyId' | 'leadProfessionalUserId' | 'createdByUserId' | 'requeuedAt'> | null> {
    return this.repo.find(em, id);
  }

  /** Call before the transaction of `withdrawOnChallenge` (the re-queued contact's reference sequence). */
  prepareWithdraw(): Promise<void> {
    return this.contactRequeue.prepare(this.now());
  }

  /**
   * A challenge of the step-down ends `changed` (SPEC ESC-1): the step-down is withdrawn and the child
   * goes back to the triage queue as a new contact linked to the original, as a rejection does.
   */
  async withdrawOnChallenge(em: EntityManager, actor: Actor, id: string, challengeId: string): Promise<StepDownView> {
    const row = await this.repo.find(em, id, true);
    if (!row) throw new NotFoundException('No such step-down');
    if ((row.status !== 'pending_acceptance' && row.status !== 'accepted') || row.requeuedAt) throw new ConflictException(`This step-down is ${row.requeuedAt ? 'requeued' : row.status}`);
    await this.repo.update(em, id, { status: 'requeued' });
    Object.assign(row, { status: 'requeued' });
    await this.clocks.stop(em, row, 'cancelled', actor);
    await this.audit.record(em, actor, { action: 'step_down.withdrawn_on_challenge', entityType: 'step_down', entityId: id, summary: { challengeId, contactId: row.contactId, subjectId: row.subjectId } });
    return toView((await this.requeue(em, actor, row, 'challenge_changed')) ?? row);
  }

  /**
   * The hard-limit sweep: every step-down still pending past its hard limit re-queues the child.
   * The conditional UPDATE (requeued_at IS NULL, SKIP LOCKED) claims each row once, so two sweeps
   * or two workers never re-queue a child twice. Returns how many it re-queued.
   */
  async sweepHardLimit(): Promise<number> {
    const now = this.now();
    await this.contactRequeue.prepare(now);
    return this.uow.run(async (em) => {
      const claimed = await this.repo.claimPastHardLimit(em, now);
      for (const id of claimed) {
        const row = await this.repo.findOrFail(em, id);
        const contact = await this.requeueChild(em, SYSTEM_ACTOR, row, 'hard_limit', now, { userId: null, agencyId: null });
        await this.repo.update(em, id, { requeueContactId: contact.id });
        await this.afterRequeue(em, SYSTEM_ACTOR, row, contact.id, 'hard_limit');
        await this.clocks.stop(em, row, 'cancelled', SYSTEM_ACTOR);
      }
      return claimed.length;
    });
  }

  private async propose(em: EntityManager, actor: Actor, input: NewStepDown & { fromDecision?: boolean }): Promise<StepDown> {
    const now = this.now();
    const findings = stepDownBlocks(await readStepDownFacts(em, input.child, now), now);
    // From a decision only the sexual abuse block applies here (the others were decision guards).
    const relevant = input.fromDecision ? findings.filter((f) => f.rule === 'STEP-3.sexual-abuse') : findings;
    const verdict = applyOverride(relevant, { reason: input.overrideReason, seniorManager: actor.role === this.config.seniorManagerRole });
    if (verdict.blocking.length) {
      throw new RuleViolationException('This child cannot be stepped down to early help: see details', verdict.blocking.map(({ rule, field, message }) => ({ rule, field, message })));
    }
    const row = this.repo.create(em, {
      contactId: input.child.contactId, subjectId: input.child.subjectId, personId: input.child.personId, decisionId: input.decisionId,
      status: 'pending_acceptance', receivingAgencyId: input.receivingAgencyId, leadProfessionalUserId: input.lead.userId,
      leadProfessionalName: input.lead.name, leadProfessionalEmail: input.lead.email, riskHandover: input.riskHandover, plan: input.plan,
      reviewDate: input.reviewDate, createdByUserId: actor.userId!, overriddenRules: verdict.overridden,
      overrideReason: verdict.overridden.length ? input.overrideReason ?? null : null,
    });
    await this.repo.save(em, row);
    const due = await this.clocks.start(em, row, actor);
    if (due.acceptanceDueAt || due.hardLimitAt) {
      await this.repo.update(em, row.id, due);
      Object.assign(row, due);
    }
    await this.audit.record(em, actor, {
      action: 'step_down.proposed', entityType: 'step_down', entityId: row.id,
      summary: { contactId: row.contactId, subjectId: row.subjectId, decisionId: row.decisionId, receivingAgencyId: row.receivingAgencyId, overriddenRules: row.overriddenRules },
    });
    return row;
  }

  /** Claims the row (requeued_at once) and writes the new contact; null when it was re-queued before. */
  private async requeue(em: EntityManager, actor: Actor, row: StepDown, reason: RequeueReason): Promise<StepDown | null> {
    const at = this.now();
    if (!(await this.repo.claimRequeue(em, row.id, at, reason))) return null;
    // The MASH submits the re-queued contact, never the one whose action returned the child: a receiving
    // agency that rejects must not become the submitter of a copy of the whole case (household, risks,
    // the referrer's narrative) with its outcome e-mail and challenge rights. Who acted is recorded
    // apart: on the step-down (responded_by_user_id) and in the audit trail.
    const contact = await this.requeueChild(em, actor, row, reason, at, { userId: null, agencyId: null });
    await this.repo.update(em, row.id, { requeueContactId: contact.id });
    Object.assign(row, { requeuedAt: at, requeueReason: reason, requeueContactId: contact.id });
    await this.afterRequeue(em, actor, row, contact.id, reason);
    return row;
  }

  /** Contacts writes the new contact (with its contact.created audit event and its triage job). */
  private requeueChild(em: EntityManager, actor: Actor, row: StepDown, reason: RequeueReason, at: Date, submittedBy: { userId: string | null; agencyId: string | null }) {
    return this.contactRequeue.requeue(em, actor, {
      originalContactId: row.contactId, subjectId: row.subjectId, reason: REQUEUE_NOTES[reason], at, submittedBy,
      auditSummary: { stepDownId: row.id, requeueReason: reason },
    });
  }

  private async afterRequeue(em: EntityManager, actor: Actor, row: StepDown, contactId: string, reason: RequeueReason): Promise<void> {
    await this.audit.record(em, actor, { action: 'step_down.requeued', entityType: 'step_down', entityId: row.id, summary: { requeueContactId: contactId, requeueReason: reason } });
  }

  private mustBePending(row: StepDown): void {
    if (row.status !== 'pending_acceptance' || row.requeuedAt) throw new ConflictException(`This step-down is ${row.requeuedAt ? 'requeued' : row.status}, not pending acceptance`);
  }

  /** MASH staff see every step-down; the lead professional and users of the receiving agency see theirs; others get 404. */
  private async findFor(em: EntityManager, actor: Actor, id: string, lock: boolean): Promise<StepDown> {
    const row = await this.repo.find(em, id, lock);
    if (!row) throw new NotFoundException('No such step-down');
    if (isMashStaff(actor) && !lock) return row;
    if (lock && isMashStaff(actor)) return row;
    if (await this.isLeadOrAgency(em, actor, row)) return row;
    throw new NotFoundException('No such step-down');
  }

  private async isLeadOrAgency(em: EntityManager, actor: Actor, row: StepDown): Promise<boolean> {
    if (!actor.userId) return false;
    if (row.leadProfessionalUserId && row.leadProfessionalUserId === actor.userId) return true;
    if (row.receivingAgencyId && row.receivingAgencyId === actor.agencyId) return true;
    return false;
  }

  private async findChild(em: EntityManager, dto: CreateStepDownDto): Promise<ChildRef> {
    const row = dto.subjectId ? await this.repo.childBySubject(em, dto.subjectId) : await this.repo.childByPerson(em, dto.personId!);
    if (!row) throw new NotFoundException('No such child');
    return row;
  }

  private isComplete(row: StepDown): boolean {
    return missingStepDownParts({ lead: { name: row.leadProfessionalName, agencyId: row.receivingAgencyId, email: row.leadProfessionalEmail }, riskHandover: row.riskHandover, plan: row.plan, reviewDate: row.reviewDate }).length === 0;
  }

  /** 422 naming each missing part (SPEC STEP-2), and a review date already past. */
  private requireComplete(lead: LeadProfessional, parts: { riskHandover: string | null; plan: { actions: PlanAction[] } | null; reviewDate: string | null }, fields: PartFields): void {
    const missing = [
      ...missingStepDownParts({ lead, ...parts }, fields),
      ...reviewDateInPast(parts.reviewDate, londonDate(this.now()), `${fields.prefix ?? ''}reviewDate`),
    ];
    if (missing.length) throw new RuleViolationException('A step-down needs a lead professional who can be reached, the risk handover, the plan and a review date: see details', missing);
  }

  /** Fills in what a decision's step-down lacked; it stays the one step-down of the child, with its clocks. */
  private async complete(em: EntityManager, actor: Actor, row: StepDown, lead: LeadProfessional, parts: { riskHandover: string | null; plan: { actions: PlanAction[] } | null; reviewDate: string | null }): Promise<StepDown> {
    const merged = {
      lead: {
        userId: lead.userId ?? row.leadProfessionalUserId,
        name: lead.name || row.leadProfessionalName,
        email: lead.email ?? row.leadProfessionalEmail,
        agencyId: lead.agencyId ?? row.receivingAgencyId,
      },
      riskHandover: parts.riskHandover ?? row.riskHandover,
      plan: parts.plan?.actions.length ? parts.plan : row.plan,
      reviewDate: parts.reviewDate ?? row.reviewDate,
    };
    this.requireComplete(merged.lead, { riskHandover: merged.riskHandover, plan: merged.plan, reviewDate: merged.reviewDate }, REQUEST_FIELDS);
    const values = {
      leadProfessionalUserId: merged.lead.userId, leadProfessionalName: merged.lead.name, leadProfessionalEmail: merged.lead.email, receivingAgencyId: merged.lead.agencyId,
      riskHandover: merged.riskHandover, plan: merged.plan, reviewDate: merged.reviewDate,
    };
    await this.repo.update(em, row.id, values);
    Object.assign(row, values);
    await this.audit.record(em, actor, { action: 'step_down.completed', entityType: 'step_down', entityId: row.id, summary: { contactId: row.contactId, subjectId: row.subjectId, decisionId: row.decisionId, receivingAgencyId: row.receivingAgencyId } });
    return row;
  }

  /**
   * The named lead professional: a user of the receiving agency, or a name and e-mail. A name and
   * e-mail that belong to an active account become that account, so its holder can log in and accept.
   */
  private async resolveLead(em: EntityManager, lp: { userId?: string; name?: string; email?: string }, agencyId: string | null): Promise<LeadProfessional> {
    if (lp.userId) {
      const user = await this.repo.activeUser(em, lp.userId);
      if (!user || (agencyId && user.agencyId !== agencyId)) {
        throw new RuleViolationException('The lead professional is not a user of the receiving agency', [
          { field: 'leadProfessional.userId', rule: 'STEP-2.lead-professional-agency', message: 'Name a user of the receiving agency, or give a name and e-mail' },
        ]);
      }
      return { userId: user.id, name: user.name, email: user.email, agencyId: user.agencyId };
    }
    const name = lp.name?.trim() ?? '';
    if (lp.email) {
      const user = await this.repo.activeUserByEmail(em, lp.email);
      if (user && (!agencyId || user.agencyId === agencyId)) return { userId: user.id, name, email: lp.email, agencyId: user.agencyId };
    }
    return { userId: null, name, email: lp.email ?? null, agencyId };
  }
}
