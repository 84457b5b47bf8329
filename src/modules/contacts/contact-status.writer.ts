import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactStatus } from './domain/contact-vocabulary';
import { contactStatusRows, LockedContact, StatusMove } from './persistence/contact-status.repository';

export type { LockedContact, StatusMove } from './persistence/contact-status.repository';

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

  /**
   * Moves each contact from its `from` to its `to` only if it is still at `from`, in one statement,
   * the rows locked in id order (so transactions moving overlapping contacts cannot deadlock on
   * them); the contacts that moved.
   */
  moveManyIfStill(em: EntityManager, moves: StatusMove[]): Promise<Set<string>> {
    return contactStatusRows.moveManyIfStill(em, moves.filter((m) => m.from !== m.to));
  }
}
