import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import type { ApprovalReason } from '../domain/decision-guards';

export interface DecisionApprovalRequest {
  entityType: 'threshold_decision';
  entityId: string;
  contactId: string;
  subjectId: string;
  requestedBy: Actor;
  reasons: { reason: ApprovalReason; message: string }[];
  /** Managers other than the decider who must approve: 1, or 2 for RAG-6 when a worker decided. */
  approvalsRequired: number;
  requiresSecondManager: boolean;
  /** Nobody approves their own decision (DEC-4). */
  excludedApproverUserIds: string[];
}

/**
 * PORT, unbound here: the integrator binds it to triage's generic approval mechanism. Called in the
 * decision's transaction; it writes the approval row. When the approval completes, triage calls
 * DecisionsService.finalise(em, ...); when a manager returns it, DecisionsService.returnToDecider(em, ...).
 */
export abstract class ApprovalPort {
  abstract request(em: EntityManager, request: DecisionApprovalRequest): Promise<{ approvalId: string }>;
}
