import { ForbiddenException, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { ApprovalHandler, ApprovalService } from '../triage/approvals/approval.service';
import { DECISION_APPROVAL_KIND, DecisionApprovalPayload } from './decision-approvals';
import { DecisionsService } from './decisions.service';

type Approval = Parameters<ApprovalHandler['approve']>[1];

/**
 * A manager's answer to a decision's approval (DEC-4): one approval row per manager needed. When a
 * second manager is needed (RAG-6), the first approval, once approved, asks for the next one in the
 * first approver's name, so neither the decider nor the first approver can give the second. The
 * last approval finalises the decision; a return sends it back to the decider.
 */
@Injectable()
export class DecisionApprovalHandler implements ApprovalHandler, OnModuleInit {
  constructor(
    private readonly approvals: ApprovalService,
    private readonly decisions: DecisionsService,
  ) {}

  onModuleInit(): void {
    this.approvals.registerHandler(DECISION_APPROVAL_KIND, this);
  }

  async approve(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown>> {
    const payload = approval.payload as unknown as DecisionApprovalPayload;
    const approvers = [...payload.approvers, actor.userId!];
    if (approvers.length < Math.max(1, payload.approvalsRequired)) {
      const pending = await this.decisions.pendingDecider(em, payload.decisionId);
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
    const decision = await this.decisions.finalise(em, actor, payload.decisionId, approvers);
    return { decisionId: decision.id, decisionStatus: decision.status };
  }

  async reject(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown>> {
    const payload = approval.payload as unknown as DecisionApprovalPayload;
    const decision = await this.decisions.returnToDecider(em, actor, payload.decisionId);
    return { decisionId: decision.id, decisionStatus: decision.status };
  }
}
