import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { ApprovalService } from '../triage/approvals/approval.service';
import type { ApprovalReason } from './domain/decision-guards';

export const DECISION_APPROVAL_KIND = 'threshold_decision';

/** What a decision waiting for a manager asks for (DEC-4, RAG-6). */
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

export interface DecisionApprovalPayload {
  decisionId: string;
  subjectId: string;
  reasons: { reason: string; message: string }[];
  approvalsRequired: number;
  requiresSecondManager: boolean;
  /** Managers who have approved so far (RAG-6 asks for a second one). */
  approvers: string[];
}

/**
 * Asks for a manager's approval of a decision on triage's generic approvals, in the decision's
 * transaction (it writes the approval row). The answer comes back through DecisionApprovalHandler.
 */
@Injectable()
export class DecisionApprovals {
  constructor(private readonly approvals: ApprovalService) {}

  async request(em: EntityManager, request: DecisionApprovalRequest): Promise<{ approvalId: string }> {
    const payload: DecisionApprovalPayload = {
      decisionId: request.entityId,
      subjectId: request.subjectId,
      reasons: request.reasons,
      approvalsRequired: request.approvalsRequired,
      requiresSecondManager: request.requiresSecondManager,
      approvers: [],
    };
    const approval = await this.approvals.request(em, request.requestedBy, {
      kind: DECISION_APPROVAL_KIND,
      targetType: 'threshold_decision',
      targetId: request.entityId,
      contactId: request.contactId,
      payload: payload as unknown as Record<string, unknown>,
    });
    return { approvalId: approval.id };
  }
}
