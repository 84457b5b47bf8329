import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../../common/pagination';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import type { Actor } from '../../../auth/actor';
import { UnitOfWork } from '../../../database/unit-of-work';
import { TriageStatusService } from '../triage-status.service';
import type { Approval } from '../persistence/approval.entity';
import { approvalRows } from '../persistence/approval.repository';

/** Applies what an approval of one kind asks for, inside the approval's transaction. */
export interface ApprovalHandler {
  /** Make the requested change take effect. Throw ConflictException when it no longer can. */
  approve(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown> | void>;
  /** The request is returned with comments; undo any "pending" marks. */
  reject(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown> | void>;
}

export interface RequestApproval {
  kind: string;
  targetType: string;
  targetId: string;
  contactId: string | null;
  payload: Record<string, unknown>;
}

export interface ApprovalView {
  id: string;
  kind: string;
  targetType: string;
  targetId: string;
  contactId: string | null;
  status: string;
  payload: Record<string, unknown>;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comments: string | null;
  result?: Record<string, unknown>;
}

/**
 * Manager approvals (SPEC RAG-3, DEC-4), generic across issues: a feature requests an approval in
 * its own transaction and registers a handler for its kind; a manager other than the requester
 * approves or rejects it through /api/v1/approvals/{id}/approve|reject. While any approval of a
 * contact waits, the contact is pending_approval.
 */
@Injectable()
export class ApprovalService {
  private readonly handlers = new Map<string, ApprovalHandler>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly status: TriageStatusService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  registerHandler(kind: string, handler: ApprovalHandler): void {
    if (this.handlers.has(kind)) throw new Error(`approval kind ${kind} has two handlers`);
    this.handlers.set(kind, handler);
  }

  /** Creates a pending approval in the caller's transaction (the caller has locked the contact). 409 if one already waits. */
  async request(em: EntityManager, actor: Actor, input: RequestApproval): Promise<Approval> {
    if (!this.handlers.has(input.kind)) throw new Error(`no handler for approval kind ${input.kind}`);
    const approval = await approvalRows.insertPending(em, { ...input, status: 'pending', requestedByUserId: actor.userId!, requestedAt: this.now() });
    if (!approval) throw new ConflictException('A request for approval is already waiting for this; a manager must approve or reject it first');
    await this.audit.record(em, actor, {
      action: 'approval.requested',
      entityType: 'approval',
      entityId: approval.id,
      summary: { kind: approval.kind, targetType: approval.targetType, targetId: approval.targetId, contactId: approval.contactId },
    });
    if (approval.contactId) {
      const contact = await this.status.lock(em, approval.contactId);
      if (contact) await this.status.apply(em, actor, contact, 'approval_requested');
    }
    return approval;
  }

  async approve(actor: Actor, id: string, comments: string | null): Promise<ApprovalView> {
    return this.decide(actor, id, 'approved', comments);
  }

  async reject(actor: Actor, id: string, comments: string): Promise<ApprovalView> {
    return this.decide(actor, id, 'rejected', comments);
  }

  async pendingFor(em: EntityManager, kind: string, targetType: string, targetIds: string[]): Promise<Approval[]> {
    if (targetIds.length === 0) return [];
    return approvalRows.pendingFor(em, kind, targetType, targetIds);
  }

  /** Requests for approval, for the approvals list. */
  /** Oldest first, a page at a time: keyset over (requested_at, id), the cursor from the previous page. */
  async listRequests(filter: { status?: string; kind?: string; contactId?: string; limit?: number; cursor?: string }): Promise<Page<ApprovalView>> {
    const limit = filter.limit ?? 50;
    const after = decodeTimeIdCursor(filter.cursor);
    const rows = await this.uow.read((em) => approvalRows.page(em, { status: filter.status, kind: filter.kind, contactId: filter.contactId, limit, after }));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map((a) => toView(a)), nextCursor: rows.length > limit ? encodeTimeIdCursor(last.requestedAt, last.id) : null };
  }

  async list(em: EntityManager, filter: { status?: string; kind?: string; contactId?: string }): Promise<ApprovalView[]> {
    return (await approvalRows.list(em, filter)).map((a) => toView(a));
  }

  private async decide(actor: Actor, id: string, outcome: 'approved' | 'rejected', comments: string | null): Promise<ApprovalView> {
    return this.uow.run(async (em) => {
      const peek = await approvalRows.find(em, id);
      if (!peek) throw new NotFoundException('No such approval');
      // Lock order as every triage command: the contact first, then the approval.
      const contact = peek.contactId ? await this.status.lock(em, peek.contactId) : undefined;
      const approval = await approvalRows.lock(em, id);
      if (!approval) throw new NotFoundException('No such approval');
      if (approval.requestedByUserId === actor.userId) throw new ForbiddenException('Nobody approves or rejects their own request: another manager must decide it');
      if (approval.status !== 'pending') throw new ConflictException(`This request was already ${approval.status}`);
      const handler = this.handlers.get(approval.kind);
      if (!handler) throw new ConflictException(`No handler is installed for approvals of kind ${approval.kind}`);
      approval.status = outcome;
      approval.decidedByUserId = actor.userId;
      approval.decidedAt = this.now();
      approval.comments = comments;
      const result = (outcome === 'approved' ? await handler.approve(em, approval, actor) : await handler.reject(em, approval, actor)) ?? undefined;
      await approvalRows.decide(em, id, { status: outcome, decidedByUserId: actor.userId, decidedAt: approval.decidedAt, comments });
      await this.audit.record(em, actor, {
        action: `approval.${outcome}`,
        entityType: 'approval',
        entityId: id,
        summary: { kind: approval.kind, targetType: approval.targetType, targetId: approval.targetId, contactId: approval.contactId },
      });
      if (contact) await this.status.apply(em, actor, contact, 'approvals_settled');
      return toView(approval, result);
    });
  }
}

function toView(a: Approval, result?: Record<string, unknown>): ApprovalView {
  return {
    id: a.id,
    kind: a.kind,
    targetType: a.targetType,
    targetId: a.targetId,
    contactId: a.contactId,
    status: a.status,
    payload: a.payload,
    requestedBy: a.requestedByUserId,
    requestedAt: a.requestedAt.toISOString(),
    decidedBy: a.decidedByUserId,
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
    comments: a.comments,
    ...(result ? { result } : {}),
  };
}
