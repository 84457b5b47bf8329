import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactStatus } from './domain/contact-vocabulary';
import { contactStatusRows, LockedContact } from './persistence/contact-status.repository';

export type { LockedContact } from './persistence/contact-status.repository';

/**
 * The one writer of contact.status. Other features decide the next status by their own rules
 * (triage's state machine, decisions' "every child decided") and move it here, in their transaction.
 * Commands on one contact lock its row first (`lock`), so they run one after another and take locks
 * in the same order.
 */
@Injectable()
export class ContactStatusWriter {
  lock(em: EntityManager, contactId: string): Promise<LockedContact | undefined> {
    return contactStatusRows.lock(em, contactId);
  }

  current(em: EntityManager, contactId: string): Promise<ContactStatus | undefined> {
    return contactStatusRows.current(em, contactId);
  }

  /** Sets the status (and updated_at). */
  set(em: EntityManager, contactId: string, to: ContactStatus): Promise<void> {
    return contactStatusRows.set(em, contactId, to);
  }

  /**
   * Automatic grading gave up on a contact still `received`: it is shown in the triage queue as
   * "grade by hand" with the reason. Idempotent; whether it was marked now.
   */
  markGradingFailed(em: EntityManager, contactId: string, reason: string, at: Date): Promise<boolean> {
    return contactStatusRows.markGradingFailed(em, contactId, reason, at);
  }

  /** Moves from `from` to `to` only if the contact is still at `from`; whether it moved. */
  moveIfStill(em: EntityManager, contactId: string, from: ContactStatus, to: ContactStatus): Promise<boolean> {
    return from === to ? Promise.resolve(false) : contactStatusRows.moveIfStill(em, contactId, from, to);
  }
}
