import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import type { ContactStatus, Urgency } from '../contacts/domain/contact-vocabulary';
import { nextContactStatus, TriageEvent } from './domain/contact-status';

export interface LockedContact {
  id: string;
  reference: string;
  status: ContactStatus;
  urgency: Urgency | null;
  receivedAt: Date;
}

/**
 * Reads and moves contact.status for triage, through plain SQL on the contacts issue's table (triage
 * never edits the contact entity). Every worker command (grade, assign, approve) locks the contact row
 * first, so commands on one contact run one after another and take locks in the same order. (The
 * provisional grading job moves received -> triaged in its own single statement.)
 */
@Injectable()
export class ContactStatusWriter {
  constructor(private readonly audit: AuditService) {}

  async lock(em: EntityManager, contactId: string): Promise<LockedContact | undefined> {
    const [row] = await em.query('SELECT id, reference, status, urgency, received_at FROM contact WHERE id = $1 FOR UPDATE', [contactId]);
    return row && { id: row.id, reference: row.reference, status: row.status, urgency: row.urgency, receivedAt: row.received_at };
  }

  /** Applies a triage event (domain/contact-status.ts) and audits a change; returns the new status. */
  async apply(em: EntityManager, actor: Actor, contact: LockedContact, event: TriageEvent): Promise<ContactStatus> {
    let pending = 0;
    if (event === 'approvals_settled') {
      const [row] = await em.query(`SELECT count(*)::int AS n FROM approval WHERE contact_id = $1 AND status = 'pending'`, [contact.id]);
      pending = row.n;
    }
    const next = nextContactStatus(contact.status, event, pending);
    if (next === contact.status) return next;
    await em.query('UPDATE contact SET status = $2, updated_at = now() WHERE id = $1', [contact.id, next]);
    await this.audit.record(em, actor, { action: 'contact.status_changed', entityType: 'contact', entityId: contact.id, summary: { from: contact.status, to: next, event } });
    contact.status = next;
    return next;
  }
}
