import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SlaClockService } from '../calendar/sla-clock.service';

/**
 * Meets the RAG-5 feedback clock (started when the decision became final), in the transaction that
 * records that the referrer has been told: the SMTP server accepted the outcome message
 * (`smtp_accepted`, FB-4), or nobody can be e-mailed and the public status route carries the outcome
 * (`not_possible_anonymous`, FB-1), which meets it at decision time.
 */
@Injectable()
export class SlaFeedbackClock {
  constructor(private readonly clocks: SlaClockService) {}

  async feedbackGiven(em: EntityManager, event: { decisionId: string; contactId: string; feedbackId: string; at: Date; how: 'smtp_accepted' | 'not_possible_anonymous' }): Promise<void> {
    await this.clocks.meet(em, { kind: 'feedback_due', targetType: 'threshold_decision', targetId: event.decisionId }, { at: event.at });
  }
}
