import type { EntityManager } from 'typeorm';

/**
 * The feedback clock of SPEC RAG-5 (1 working day after a decision) belongs to the SLA clocks
 * (SlaClockService, triage issue). Feedback tells it when the clock is met, inside the transaction
 * that records the fact, through this port: bind FEEDBACK_CLOCK to an implementation in the module
 * that owns the clocks. Unbound, nothing is met here and the clock will breach, which is the safe
 * direction.
 */
export interface FeedbackClock {
  /**
   * The referrer has been given the outcome of `decisionId`:
   * - `smtp_accepted`: the SMTP server accepted the outcome message at `at` (FB-4);
   * - `not_possible_anonymous`: nobody can be e-mailed (anonymous, or no address); the public
   *   status route carries the outcome instead (FB-1), so the clock is met at decision time.
   */
  feedbackGiven(em: EntityManager, event: { decisionId: string; contactId: string; feedbackId: string; at: Date; how: 'smtp_accepted' | 'not_possible_anonymous' }): Promise<void>;
}

export const FEEDBACK_CLOCK = Symbol('FEEDBACK_CLOCK');
