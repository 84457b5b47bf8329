import { ForbiddenException, Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import { ApprovalHandler, ApprovalService } from '../../triage/approvals/approval.service';
import type { Approval } from '../../triage/persistence/approval.entity';
import { DecisionsService } from '../decisions.service';
import { ApprovalPort, DecisionApprovalRequest } from '../ports/approval-port';

export const DECISION_APPROVAL_KIND = 'threshold_decision';

interface DecisionApprovalPayload {
  decisionId: string;
  subjectId: string;
  reasons: { reason: string; message: string }[];
  approvalsRequired: number;
  requiresSecondManager: boolean;
  /** Managers who have approved so far (RAG-6 asks for a second one). */
  approvers: string[];
}

/**
 * Decisions use triage's generic approvals (DEC-4): one approval row per manager needed. When a
 * second manager is needed (RAG-6), the first approval, once approved, asks for the next one in the
 * first approver's name, so neither the decider nor the first approver can give the second.
 */
@Injectable()
export class TriageApprovalAdapter extends ApprovalPort implements ApprovalHandler, OnModuleInit {
  constructor(
    private readonly approvals: ApprovalService,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
  }

  onModuleInit(): void {
    this.approvals.registerHandler(DECISION_APPROVAL_KIND, this);
  }

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

  async approve(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown>> {
    const payload = approval.payload as unknown as DecisionApprovalPayload;
    const approvers = [...payload.approvers, actor.userId!];
    const decisions = this.moduleRef.get(DecisionsService, { strict: false });
    if (approvers.length < Math.max(1, payload.approvalsRequired)) {
      const pending = await decisions.pendingDecider(em, payload.decisionId);
      if (pending === actor.userId) throw new ForbiddenException('Nobody approves their own decision (SPEC DEC-4)');
      await this.approvals.request(em, actor, {
        kind: DECISION_APPROVAL_KIND,
        targetType: `threshold_decision.approval-${approvers.length + 1}`,
        targetId: payload.decisionId,
        contactId: approval.contactId,
        payload: { ...payload, approvers } as unknown as Record<string, unknown>,
      });
      return { decisionStatus: 'pending_approval', waitingFor: 'a second manager (SPEC RAG-6)' };
    }
    const decision = await decisions.finalise(em, actor, payload.decisionId, approvers);
    return { decisionId: decision.id, decisionStatus: decision.status };
  }

  async reject(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown>> {
    const payload = approval.payload as unknown as DecisionApprovalPayload;
    const decision = await this.moduleRef.get(DecisionsService, { strict: false }).returnToDecider(em, actor, payload.decisionId);
    return { decisionId: decision.id, decisionStatus: decision.status };
  }
}
