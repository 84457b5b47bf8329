import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor, isMashStaff } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { InvalidInputException, RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { agencyChecks } from '../checks/check-records';
import { contactParts, ContactRow, SubjectRow } from '../contacts/contact-records';
import type { DecisionOutcome, RagGrade } from '../decisions/domain/decision-vocabulary';
import type { StrategyUrgency } from './domain/strategy-vocabulary';
import { RequestStrategyDto } from './dto/strategy.dto';
import type { StrategyDiscussion } from './persistence/strategy-discussion.entity';
import { strategyRows } from './persistence/strategy-discussion.repository';
import { StrategyPorts } from './strategy-ports';

interface ChildRef {
  contactId: string;
  subjectId: string;
  personId: string | null;
}

/** What a final threshold decision tells strategy (the decision itself belongs to decisions). */
export interface FinalDecision {
  id: string;
  contactId: string;
  subjectId: string;
  personId: string | null;
  outcome: DecisionOutcome;
  gradeAtDecision: RagGrade | null;
}

/**
 * Requests for a strategy discussion (SPEC STR-1): by police, partners, referrers and MASH staff over
 * HTTP, and by a final `strategy_discussion` threshold decision. Every request starts the "answered"
 * clock (police_strategy_request_answered, 4 hours around the clock in config/sla.yaml); a request
 * for a RED child also starts the "held" clock.
 */
@Injectable()
export class StrategyRequestsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly ports: StrategyPorts,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async request(actor: Actor, dto: RequestStrategyDto): Promise<StrategyDiscussion> {
    if (!actor.userId) throw new ForbiddenException('Sign in to request a strategy discussion');
    return this.uow.run(async (em) => {
      const child = await this.resolveChild(em, actor, dto);
      return this.create(em, actor, child, { reason: dto.reason.trim(), urgency: dto.urgency, decisionId: null });
    });
  }

  /** A final `strategy_discussion` decision is itself a request (runs in the decision's transaction). */
  async fromDecision(em: EntityManager, decision: FinalDecision, actor: Actor): Promise<StrategyDiscussion | null> {
    if (decision.outcome !== 'strategy_discussion') return null;
    // One open request per child is enough: a decision does not add a second one.
    const open = await strategyRows.openFor(em, decision.subjectId);
    if (open) return null;
    const grade = decision.gradeAtDecision ?? null;
    return this.create(
      em,
      actor,
      { contactId: decision.contactId, subjectId: decision.subjectId, personId: decision.personId },
      { reason: `Threshold decision ${decision.id}: strategy discussion (s47 pathway)`, urgency: grade === 'RED' ? 'immediate_risk' : 'urgent', decisionId: decision.id },
    );
  }

  private async create(em: EntityManager, actor: Actor, child: ChildRef, req: { reason: string; urgency: StrategyUrgency; decisionId: string | null }): Promise<StrategyDiscussion> {
    const at = this.now();
    const row = strategyRows.create(em, {
      ...child,
      status: 'requested',
      reason: req.reason,
      urgency: req.urgency,
      requestedAt: at,
      requestedByUserId: actor.userId,
      requestedByAgencyId: actor.agencyId,
      requestedByRole: actor.role,
      decisionId: req.decisionId,
    });
    await strategyRows.save(em, row);
    await this.audit.record(em, actor, {
      action: 'strategy.requested',
      entityType: 'strategy_discussion',
      entityId: row.id,
      summary: { contactId: child.contactId, subjectId: child.subjectId, urgency: req.urgency, decisionId: req.decisionId, requestedByRole: actor.role },
    });
    await this.ports.startClock(em, { kind: 'police_strategy_request_answered', discussionId: row.id, contactId: child.contactId, startedAt: at, by: actor });
    if ((await this.ports.gradeOf(em, child.contactId, child.subjectId)) === 'RED') {
      await this.ports.startClock(em, { kind: 'strategy_discussion_held', discussionId: row.id, contactId: child.contactId, startedAt: at, by: actor });
    }
    return row;
  }

  /**
   * The child the request is about. MASH staff may name any contact or person; police, partners and
   * referrers only a contact they (or, for police and partners, their agency) submitted or were
   * asked to check: anything else is 404, as if it did not exist (SPEC SEC-2).
   */
  private async resolveChild(em: EntityManager, actor: Actor, dto: RequestStrategyDto): Promise<ChildRef> {
    if (!dto.contactId && !dto.personId) {
      throw new InvalidInputException([{ field: 'contactId', rule: 'STR-1.child-required', message: 'Give the contactId (and subjectId) or the personId of the child' }]);
    }
    if (dto.contactId) {
      const contact = await contactParts.contact(em, dto.contactId, { id: true, submittedByUserId: true, submittedByAgencyId: true });
      if (!contact || !(await this.maySee(em, actor, contact))) throw new NotFoundException('No such contact');
      const subjects = await contactParts.subjects(em, contact.id, { id: true, personId: true, contactId: true });
      let subject: SubjectRow | undefined;
      if (dto.subjectId) {
        subject = subjects.find((s) => s.id === dto.subjectId);
        if (!subject) throw new NotFoundException('No such child on this contact');
      } else if (subjects.length === 1) {
        subject = subjects[0];
      } else {
        throw new RuleViolationException('Say which child', [{ field: 'subjectId', rule: 'STR-1.subject-required', message: 'This contact is about more than one child: give subjectId' }]);
      }
      if (dto.personId && subject.personId !== dto.personId) throw new NotFoundException('This child is not that person');
      return { contactId: contact.id, subjectId: subject.id, personId: subject.personId };
    }
    if (!isMashStaff(actor)) throw new NotFoundException('No such person');
    const latest = await strategyRows.latestSubjectOfPerson(em, dto.personId!);
    if (!latest) throw new NotFoundException('No contact about this person');
    return { contactId: latest.contactId, subjectId: latest.id, personId: dto.personId! };
  }

  private async maySee(em: EntityManager, actor: Actor, contact: Pick<ContactRow, 'id' | 'submittedByUserId' | 'submittedByAgencyId'>): Promise<boolean> {
    if (isMashStaff(actor)) return true;
    if (contact.submittedByUserId === actor.userId) return true;
    if (actor.role === 'referrer' || !actor.agencyId) return false;
    if (contact.submittedByAgencyId === actor.agencyId) return true;
    return agencyChecks.anyAskedOf(em, contact.id, actor.agencyId);
  }
}
