import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SlaClockService } from '../calendar/sla-clock.service';
import { FeedbackClock } from './feedback-clock';

/** Meets the RAG-5 feedback clock (started by the decision) when the referrer has been told. */
@Injectable()
export class SlaFeedbackClock implements FeedbackClock {
  constructor(private readonly clocks: SlaClockService) {}

  async feedbackGiven(em: EntityManager, event: { decisionId: string; at: Date }): Promise<void> {
    await this.clocks.meet(em, { kind: 'feedback_due', targetType: 'threshold_decision', targetId: event.decisionId }, { at: event.at });
  }
}
