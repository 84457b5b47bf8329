import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import type { DecisionForm } from '../decisions/domain/decision-guards';
import { DecisionsService } from '../decisions/decisions.service';

export interface DecisionChange {
  contactId: string;
  subjectId: string;
  /** The challenged (final) decision the new one supersedes. */
  decisionId: string;
  reason: string;
  form: DecisionForm;
}

/**
 * How a challenge answered `changed` replaces the challenged decision (SPEC ESC-1, DEC-5): through
 * the decisions module, never by writing threshold_decision here.
 */
export abstract class ChallengeDecisionChange {
  abstract supersede(actor: Actor, change: DecisionChange): Promise<{ decisionId: string; status: string }>;
}

/**
 * Uses DecisionsService.record with `supersedes`, so every guard, approval and final-decision effect
 * (feedback) applies to the new decision.
 */
@Injectable()
export class DecisionsServiceDecisionChange extends ChallengeDecisionChange {
  constructor(private readonly decisions: DecisionsService) {
    super();
  }

  async supersede(actor: Actor, change: DecisionChange): Promise<{ decisionId: string; status: string }> {
    const { decision } = await this.decisions.record(actor, {
      ...change.form,
      contactId: change.contactId,
      subjectId: change.subjectId,
      supersedes: { decisionId: change.decisionId, reason: change.reason },
    });
    return { decisionId: decision.id, status: decision.status };
  }
}
