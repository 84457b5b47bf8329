import { Injectable, Logger } from '@nestjs/common';
import { PeopleForTriage } from '../people-for-triage';
import { HistoricalContactPosition, HistoricalContactsRepository } from '../persistence/historical-contacts.repository';

/** Contacts read per query; the run stops taking more once its time budget is spent. */
const PAGE = 50;

/**
 * Links the children and adults of historical contacts (imported from a legacy system by
 * `npm run import`) to the person index (SPEC PPL-1 to PPL-4), so their history and accumulation
 * flags count when a child is referred again. A sweep on the worker runs it every few seconds for a
 * bounded time, so a migration's backlog never starves the grading of live contacts.
 *
 * Oldest first, one contact per transaction, and one linker at a time across all workers (a session
 * advisory lock), so a migration's backlog takes at most one connection and one core's share from
 * live grading (two contacts about one new child are matched one after the other: lockIdentities).
 * A contact is linked when its sources have person_match rows, so the database says what is left; a
 * contact that fails is logged (ids only) and passed over until the next pass from the oldest.
 */
@Injectable()
export class HistoryLinker {
  private readonly logger = new Logger(HistoryLinker.name);
  /** Where this process's last run stopped: the next starts after it instead of re-reading what is done. */
  private after: HistoricalContactPosition | null = null;

  constructor(
    private readonly contacts: HistoricalContactsRepository,
    private readonly people: PeopleForTriage,
  ) {}

  /** Links contacts for at most `budgetMs`; returns how many. 0 when another worker holds the lock. */
  async linkSome(budgetMs: number): Promise<number> {
    return (await this.contacts.whileLocked(() => this.linkUntil(Date.now() + budgetMs))) ?? 0;
  }

  private async linkUntil(deadline: number): Promise<number> {
    let linked = 0;
    while (Date.now() < deadline) {
      const next = await this.contacts.unlinked(this.after, PAGE);
      if (!next.length) {
        this.after = null; // all done: a later import starts from the beginning again
        return linked;
      }
      for (const contact of next) {
        if (Date.now() >= deadline) return linked;
        try {
          await this.people.prepareContact(contact.id);
          linked++;
        } catch (error) {
          this.logger.error({ contactId: contact.id, err: (error as Error).message }, 'could not link a historical contact; passed over until the next pass');
        }
        this.after = { receivedAt: contact.received_at, id: contact.id };
      }
    }
    return linked;
  }
}
