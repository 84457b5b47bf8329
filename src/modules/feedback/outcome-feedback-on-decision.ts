import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { SlaClockService } from '../calendar/sla-clock.service';
import { agenciesThatAnswered } from '../checks/persistence/answering-agencies.query';
import type { FinalDecisionEffect } from '../decisions/decision-contributions';
import type { ThresholdDecision } from '../decisions/persistence/threshold-decision.entity';
import { FeedbackService } from './feedback.service';

/**
 * What a final decision sets going for feedback, in its transaction (SPEC RAG-5, FB-1, FB-3): the
 * feedback clock starts, and outcome feedback is written for the referrer, the GP and the agencies
 * that answered checks.
 */
@Injectable()
export class OutcomeFeedbackOnDecision implements FinalDecisionEffect {
  readonly name = 'feedback.outcome';

  constructor(
    private readonly clocks: SlaClockService,
    private readonly feedback: FeedbackService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async onFinal(em: EntityManager, decision: ThresholdDecision, actor: Actor): Promise<void> {
    const at = decision.finalAt ?? this.now();
    // Started before feedback is queued: "not possible" (anonymous) feedback meets it at once.
    await this.clocks.start(em, { kind: 'feedback_due', targetType: 'threshold_decision', targetId: decision.id, contactId: decision.contactId, startedAt: at, by: actor });
    const involvedAgencyIds = await agenciesThatAnswered(em, decision.contactId);
    await this.feedback.queueOutcomeFeedback(em, { decisionId: decision.id, involvedAgencyIds, actor });
  }
}
