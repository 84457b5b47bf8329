import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { ContactStatusWriter, LockedContact } from '../contacts/contact-status.writer';
import type { ContactStatus } from '../contacts/domain/contact-vocabulary';
import { nextContactStatus, TriageEvent } from './domain/contact-status';
import { approvalRows } from './persistence/approval.repository';

export type { LockedContact } from '../contacts/contact-status.writer';

/**
 * Triage's moves of a contact's status: the state machine (domain/contact-status.ts) decides, the
 * contacts writer writes. Every worker command (grade, assign, approve) locks the contact row first,
 * so commands on one contact run one after another and take locks in the same order.
 */
@Injectable()
export class TriageStatusService {
  constructor(
    private readonly audit: AuditService,
    private readonly contactStatus: ContactStatusWriter,
  ) {}

  lock(em: EntityManager, contactId: string): Promise<LockedContact | undefined> {
    return this.contactStatus.lock(em, contactId);
  }

  /** Applies a triage event (domain/contact-status.ts) and audits a change; returns the new status. */
  async apply(em: EntityManager, actor: Actor, contact: LockedContact, event: TriageEvent): Promise<ContactStatus> {
    let pending = 0;
    if (event === 'approvals_settled') {
      // An approval handler may have moved the contact itself (a decision finalised: `decided`).
      contact.status = (await this.contactStatus.current(em, contact.id))!;
      pending = await approvalRows.pendingCount(em, contact.id);
    }
    const next = nextContactStatus(contact.status, event, pending);
    if (next === contact.status) return next;
    await this.contactStatus.set(em, contact.id, next);
    await this.audit.record(em, actor, { action: 'contact.status_changed', entityType: 'contact', entityId: contact.id, summary: { from: contact.status, to: next, event } });
    contact.status = next;
    return next;
  }
}
