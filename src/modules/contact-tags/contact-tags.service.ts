import { ConflictException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { contactParts } from '../contacts/contact-records';
import { ApprovalHandler, ApprovalService } from '../triage/approvals/approval.service';
import type { ContactTag } from './persistence/contact-tag.entity';
import { contactTagRows } from './persistence/contact-tag.repository';

/** The approval kind a malicious/vexatious tag waits on. */
export const CONTACT_TAG_APPROVAL = 'contact_tag';

type Approval = Parameters<ApprovalHandler['approve']>[1];

export interface ContactTagView {
  id: string;
  contactId: string;
  kind: string;
  status: string;
  evidence: string;
  proposedBy: string;
  approvalId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComments: string | null;
  createdAt: string;
}

const view = (t: ContactTag): ContactTagView => ({
  id: t.id, contactId: t.contactId, kind: t.kind, status: t.status, evidence: t.evidence, proposedBy: t.proposedByUserId, approvalId: t.approvalId,
  decidedBy: t.decidedByUserId, decidedAt: t.decidedAt?.toISOString() ?? null, decisionComments: t.decisionComments, createdAt: t.createdAt.toISOString(),
});

/**
 * The malicious/vexatious tag of SPEC INT-10: MASH staff propose it with evidence; it stands once a
 * manager other than the proposer approves it (through /api/v1/approvals, kind contact_tag). The
 * approval is not tied to the contact, so asking for it does not move the contact to
 * pending_approval: a tag never closes a contact, changes its status or grade, or stops its work.
 */
@Injectable()
export class ContactTagsService implements ApprovalHandler, OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly approvals: ApprovalService,
  ) {}

  onModuleInit(): void {
    this.approvals.registerHandler(CONTACT_TAG_APPROVAL, this);
  }

  async proposeMaliciousVexatious(actor: Actor, contactId: string, evidence: string): Promise<ContactTagView> {
    return this.uow.run(async (em) => {
      if (!(await contactParts.contact(em, contactId, { id: true }))) throw new NotFoundException('No such contact');
      const tag = await contactTagRows.insertProposed(em, { contactId, kind: 'malicious_vexatious', evidence: evidence.trim(), proposedByUserId: actor.userId! });
      if (!tag) throw new ConflictException('This contact already has a malicious/vexatious tag proposed or approved');
      const approval = await this.approvals.request(em, actor, { kind: CONTACT_TAG_APPROVAL, targetType: 'contact_tag', targetId: tag.id, contactId: null, payload: { contactId, tag: tag.kind } });
      await contactTagRows.update(em, tag.id, { approvalId: approval.id });
      tag.approvalId = approval.id;
      await this.audit.record(em, actor, { action: 'contact_tag.proposed', entityType: 'contact_tag', entityId: tag.id, summary: { contactId, kind: tag.kind, approvalId: approval.id } });
      return view(tag);
    });
  }

  async list(actor: Actor, contactId: string): Promise<{ items: ContactTagView[] }> {
    const items = await this.uow.read(async (em) => {
      if (!(await contactParts.contact(em, contactId, { id: true }))) throw new NotFoundException('No such contact');
      return (await contactTagRows.ofContact(em, contactId)).map(view);
    });
    await this.audit.recordRead(actor, 'contact', contactId, { view: 'tags' });
    return { items };
  }

  async approve(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown>> {
    return this.decide(em, approval, actor, 'approved');
  }

  async reject(em: EntityManager, approval: Approval, actor: Actor): Promise<Record<string, unknown>> {
    return this.decide(em, approval, actor, 'rejected');
  }

  private async decide(em: EntityManager, approval: Approval, actor: Actor, status: 'approved' | 'rejected'): Promise<Record<string, unknown>> {
    const tag = await contactTagRows.find(em, approval.targetId, true);
    if (!tag || tag.status !== 'proposed') throw new ConflictException('This tag is no longer waiting for approval');
    const at = new Date();
    await contactTagRows.update(em, tag.id, { status, decidedByUserId: actor.userId, decidedAt: at, decisionComments: approval.comments });
    await this.audit.record(em, actor, { action: `contact_tag.${status}`, entityType: 'contact_tag', entityId: tag.id, summary: { contactId: tag.contactId, kind: tag.kind, approvalId: approval.id } });
    return { tagId: tag.id, tagStatus: status };
  }
}
