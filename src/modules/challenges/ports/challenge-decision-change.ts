import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Actor } from '../../../auth/actor';
import type { DecisionForm } from '../../decisions/domain/decision-guards';
import { DecisionsService } from '../../decisions/decisions.service';

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
 * the decisions module, never by writing threshold_decision here. A port, so challenges do not
 * depend on how decision recording is bound in a deployment.
 */
export abstract class ChallengeDecisionChange {
  abstract supersede(actor: Actor, change: DecisionChange): Promise<{ decisionId: string; status: string }>;
}

/**
 * Uses DecisionsService.record with `supersedes`, so every guard, approval and final-decision effect
 * (feedback) applies to the new decision. DecisionsService exists only where the integrator
 * registered DecisionRecordingModule (bound to triage in decisions-on-triage.module.ts); looked up when needed.
 */
@Injectable()
export class DecisionsServiceDecisionChange extends ChallengeDecisionChange {
  constructor(private readonly moduleRef: ModuleRef) {
    super();
  }

  async supersede(actor: Actor, change: DecisionChange): Promise<{ decisionId: string; status: string }> {
    let decisions: DecisionsService;
    try {
      decisions = this.moduleRef.get(DecisionsService, { strict: false });
    } catch {
      throw new ServiceUnavailableException('Recording decisions is not enabled in this deployment (DecisionRecordingModule is not registered)');
    }
    const { decision } = await decisions.record(actor, {
      ...change.form,
      contactId: change.contactId,
      subjectId: change.subjectId,
      supersedes: { decisionId: change.decisionId, reason: change.reason },
    });
    return { decisionId: decision.id, status: decision.status };
  }
}
