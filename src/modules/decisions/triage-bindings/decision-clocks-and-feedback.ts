import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import { SlaClockService } from '../../calendar/sla-clock.service';
import { FeedbackService } from '../../feedback/feedback.service';
import { DecisionExtensions, FinalDecisionEffect } from '../extensions/decision-extensions';
import type { ThresholdDecision } from '../persistence/threshold-decision.entity';

/**
 * What a final decision sets going, in its transaction (SPEC RAG-5, FB-1, FB-3): the feedback clock
 * starts; the contact's decision clock is met once every child has a final decision; outcome
 * feedback is written for the referrer, the GP and the agencies that answered checks.
 */
@Injectable()
export class DecisionClocksAndFeedback implements FinalDecisionEffect, OnModuleInit {
  readonly name = 'clocks-and-feedback';

  constructor(
    private readonly extensions: DecisionExtensions,
    private readonly clocks: SlaClockService,
    private readonly feedback: FeedbackService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  onModuleInit(): void {
    this.extensions.addEffect(this);
  }

  async onFinal(em: EntityManager, decision: ThresholdDecision, actor: Actor): Promise<void> {
    const at = decision.finalAt ?? this.now();
    // Started before feedback is queued: "not possible" (anonymous) feedback meets it at once.
    await this.clocks.start(em, { kind: 'feedback_due', targetType: 'threshold_decision', targetId: decision.id, contactId: decision.contactId, startedAt: at, by: actor });
    const [{ undecided }] = await em.query(
      `SELECT count(*)::int AS undecided FROM contact_subject s WHERE s.contact_id = $1
          AND NOT EXISTS (SELECT 1 FROM threshold_decision d WHERE d.subject_id = s.id AND d.status = 'final')`,
      [decision.contactId],
    );
    if (undecided === 0) await this.clocks.meet(em, { kind: 'decision_due', targetType: 'contact', targetId: decision.contactId }, { at, by: actor });
    const involved: { agency_id: string }[] = await em.query(
      `SELECT DISTINCT agency_id FROM agency_check WHERE contact_id = $1 AND status = 'returned' AND agency_id IS NOT NULL`,
      [decision.contactId],
    );
    await this.feedback.queueOutcomeFeedback(em, { decisionId: decision.id, involvedAgencyIds: involved.map((r) => r.agency_id), actor });
  }
}
