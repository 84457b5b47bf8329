import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { SlaClockService } from '../calendar/sla-clock.service';
import { agenciesThatAnswered } from '../checks/check-records';
import { FeedbackService } from '../feedback/feedback.service';
import type { ThresholdDecision } from './persistence/threshold-decision.entity';
import { ThresholdDecisionRepository } from './persistence/threshold-decision.repository';

/**
 * What a final decision sets going in decisions' own neighbours, in its transaction, before the
 * effects other features contribute (SPEC RAG-5, FB-1, FB-3): the feedback clock starts; the
 * contact's decision clock is met once every child has a final decision; outcome feedback is
 * written for the referrer, the GP and the agencies that answered checks.
 */
@Injectable()
export class FinalDecisionFollowUp {
  constructor(
    private readonly clocks: SlaClockService,
    private readonly feedback: FeedbackService,
    private readonly decisions: ThresholdDecisionRepository,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async onFinal(em: EntityManager, decision: ThresholdDecision, actor: Actor): Promise<void> {
    const at = decision.finalAt ?? this.now();
    // Started before feedback is queued: "not possible" (anonymous) feedback meets it at once.
    await this.clocks.start(em, { kind: 'feedback_due', targetType: 'threshold_decision', targetId: decision.id, contactId: decision.contactId, startedAt: at, by: actor });
    if ((await this.decisions.undecidedChildren(em, decision.contactId)) === 0) {
      await this.clocks.meet(em, { kind: 'decision_due', targetType: 'contact', targetId: decision.contactId }, { at, by: actor });
    }
    const involvedAgencyIds = await agenciesThatAnswered(em, decision.contactId);
    await this.feedback.queueOutcomeFeedback(em, { decision, involvedAgencyIds, actor });
  }
}
