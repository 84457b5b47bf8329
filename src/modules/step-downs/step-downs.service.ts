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
import { ChildStatusTransition } from './persistence/child-status-transition.entity';
import { ContactRequeueService } from '../contacts/use-cases/contact-requeue.service';
import { childLevels } from './persistence/child-level.repository';
import { REQUEUE_NOTES, RequeueReason } from './domain/requeue-reason';
import { readStepDownFacts } from './persistence/step-down-facts';
import { PlanAction, StepDown } from './persistence/step-down.entity';
import { StepDownClocks } from './step-down-clocks';
import { STEP_DOWNS_CONFIG, StepDownsConfig } from './step-downs-config';
import { StepDownView, toView } from './step-down-view';
import { stepDownOffers } from './persistence/step-down-offers';

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
    @Inject(STEP_DOWNS_CONFIG) private readonly config: StepDownsConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** POST /api/v1/step-downs (MASH staff). */
  async createDirect(actor: Actor, dto: CreateStepDownDto): Promise<StepDownView> {
    if (!dto.subjectId === !dto.personId) {
      throw new RuleViolationException('Name the child', [{ field: 'subjectId', rule: 'STEP-2.child', message: 'Give subjectId or personId, not both' }]);
    }
    await this.contactRequeue.prepare(this.now());
    return this.uow.run(async (em) => {
      const child = await this.findChild(em, dto);
      const agency = await em.query('SELECT id FROM agency WHERE id = $1', [dto.receivingAgencyId]);
      if (!agency.length) throw new RuleViolationException('No such agency', [{ field: 'receivingAgencyId', rule: 'STEP-2.receiving-agency', message: 'receivingAgencyId is not a known agency' }]);
      const lead = await this.resolveLead(em, dto.leadProfessional, dto.receivingAgencyId);
      const row = await this.propose(em, actor, {
        child, decisionId: null, receivingAgencyId: dto.receivingAgencyId, lead, riskHandover: dto.riskHandover, plan: { actions: dto.plan.actions },
        reviewDate: dto.reviewDate, overrideReason: dto.overrideReason ?? null,
      });
      return toView(row);
    });
  }

  /**
   * The FinalDecisionEffect: an early_help decision proposes the step-down in the decision's own
   * transaction. The STEP-3 blocks were already shown to the decider as guards (overridable by a
   * manager through DEC-4 approval), so here only the sexual abuse block, which nothing lifts, stops it.
   */
  async createFromDecision(em: EntityManager, decision: FinalDecision, actor: Actor): Promise<void> {
    if (decision.outcome !== 'early_help') return;
    const exists = await em.findOne(StepDown, { where: { decisionId: decision.id }, select: { id: true } });
    if (exists) return;
    const lp = decision.leadProfessional;
    let lead: LeadProfessional = { userId: null, name: lp?.name ?? 'Not named', email: lp?.email ?? null, agencyId: lp?.agencyId ?? null };
    if (lp) lead = await this.resolveLead(em, { userId: lp.userId ?? undefined, name: lp.name, email: lp.email ?? undefined }, lp.agencyId ?? null);
    const [subject] = await em.query('SELECT person_id FROM contact_subject WHERE id = $1', [decision.subjectId]);
    await this.propose(em, actor, {
      child: { contactId: decision.contactId, subjectId: decision.subjectId, personId: decision.personId ?? subject?.person_id ?? null },
      decisionId: decision.id, receivingAgencyId: lead.agencyId, lead, riskHandover: null, plan: { actions: [] }, reviewDate: null,
      overrideReason: decision.overrideReason, fromDecision: true,
    } as NewStepDown & { fromDecision: boolean });
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

  /** The lead professional (or a user of the receiving agency) accepts: the child is now at early help with them. */
  async accept(actor: Actor, id: string): Promise<StepDownView> {
    return this.uow.run(async (em) => {
      const row = await this.findFor(em, actor, id, true);
      this.mustBePending(row);
      const at = this.now();
      await em.update(StepDown, { id }, { status: 'accepted', respondedAt: at, respondedByUserId: actor.userId });
      Object.assign(row, { status: 'accepted', respondedAt: at, respondedByUserId: actor.userId });
      if (row.personId) {
        const current = await childLevels.current(em, row.personId);
        await em.insert(ChildStatusTransition, {
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
      await em.update(StepDown, { id }, { status: 'rejected', respondedAt: at, respondedByUserId: actor.userId, rejectionReason: reason });
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
      await em.update(StepDown, { id }, { status: 'consent_declined', consentDeclinedAt: at, consentDeclinedNote: note });
      Object.assign(row, { status: 'consent_declined', consentDeclinedAt: at, consentDeclinedNote: note });
      await this.clocks.stop(em, row, 'cancelled', actor);
      await this.audit.record(em, actor, { action: 'step_down.consent_declined', entityType: 'step_down', entityId: id, summary: { contactId: row.contactId, subjectId: row.subjectId } });
      return toView((await this.requeue(em, actor, row, 'consent_declined')) ?? row);
    });
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
      const [claimed]: [{ id: string }[], number] = await em.query(
        `UPDATE step_down s SET requeued_at = $1, requeue_reason = 'hard_limit', status = 'requeued'
          WHERE s.id IN (SELECT id FROM step_down WHERE status = 'pending_acceptance' AND requeued_at IS NULL AND hard_limit_at <= $1
                          ORDER BY hard_limit_at LIMIT 200 FOR UPDATE SKIP LOCKED)
            AND s.requeued_at IS NULL
        RETURNING s.id`,
        [now],
      );
      for (const { id } of claimed) {
        const row = await em.findOneByOrFail(StepDown, { id });
        const contact = await this.requeueChild(em, SYSTEM_ACTOR, row, 'hard_limit', now, { userId: null, agencyId: null });
        await em.update(StepDown, { id }, { requeueContactId: contact.id });
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
    const row = em.create(StepDown, {
      contactId: input.child.contactId, subjectId: input.child.subjectId, personId: input.child.personId, decisionId: input.decisionId,
      status: 'pending_acceptance', receivingAgencyId: input.receivingAgencyId, leadProfessionalUserId: input.lead.userId,
      leadProfessionalName: input.lead.name, leadProfessionalEmail: input.lead.email, riskHandover: input.riskHandover, plan: input.plan,
      reviewDate: input.reviewDate, createdByUserId: actor.userId!, overriddenRules: verdict.overridden,
      overrideReason: verdict.overridden.length ? input.overrideReason ?? null : null,
    });
    await em.save(row);
    const due = await this.clocks.start(em, row, actor);
    if (due.acceptanceDueAt || due.hardLimitAt) {
      await em.update(StepDown, { id: row.id }, due);
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
    const [claimed] = await em.query(`UPDATE step_down SET requeued_at = $2, requeue_reason = $3 WHERE id = $1 AND requeued_at IS NULL RETURNING id`, [row.id, at, reason]);
    if (!claimed.length) return null;
    // The MASH submits the re-queued contact, never the one whose action returned the child: a receiving
    // agency that rejects must not become the submitter of a copy of the whole case (household, risks,
    // the referrer's narrative) with its outcome e-mail and challenge rights. Who acted is recorded
    // apart: on the step-down (responded_by_user_id) and in the audit trail.
    const contact = await this.requeueChild(em, actor, row, reason, at, { userId: null, agencyId: null });
    await em.update(StepDown, { id: row.id }, { requeueContactId: contact.id });
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
    const row = await em.findOne(StepDown, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
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
    const [row] = dto.subjectId
      ? await em.query('SELECT id, contact_id, person_id FROM contact_subject WHERE id = $1', [dto.subjectId])
      : await em.query(
        `SELECT s.id, s.contact_id, s.person_id FROM contact_subject s JOIN contact c ON c.id = s.contact_id
          WHERE s.person_id = $1 ORDER BY c.received_at DESC LIMIT 1`,
        [dto.personId],
      );
    if (!row) throw new NotFoundException('No such child');
    return { contactId: row.contact_id, subjectId: row.id, personId: row.person_id };
  }

  /**
   * The named lead professional: a user of the receiving agency, or a name and e-mail. A name and
   * e-mail that belong to an active account become that account, so its holder can log in and accept.
   */
  private async resolveLead(em: EntityManager, lp: { userId?: string; name?: string; email?: string }, agencyId: string | null): Promise<LeadProfessional> {
    if (lp.userId) {
      const [user] = await em.query('SELECT id, name, email, agency_id FROM app_user WHERE id = $1 AND active', [lp.userId]);
      if (!user || (agencyId && user.agency_id !== agencyId)) {
        throw new RuleViolationException('The lead professional is not a user of the receiving agency', [
          { field: 'leadProfessional.userId', rule: 'STEP-2.lead-professional-agency', message: 'Name a user of the receiving agency, or give a name and e-mail' },
        ]);
      }
      return { userId: user.id, name: user.name, email: user.email, agencyId: user.agency_id };
    }
    if (!lp.name?.trim() || !lp.email) {
      throw new RuleViolationException('Name the lead professional', [
        { field: 'leadProfessional', rule: 'STEP-2.lead-professional', message: 'Give leadProfessional.userId, or leadProfessional.name and leadProfessional.email' },
      ]);
    }
    const [user] = await em.query('SELECT id, agency_id FROM app_user WHERE lower(email) = lower($1) AND active', [lp.email]);
    if (user && (!agencyId || user.agency_id === agencyId)) return { userId: user.id, name: lp.name, email: lp.email, agencyId: user.agency_id };
    return { userId: null, name: lp.name, email: lp.email, agencyId };
  }
}

