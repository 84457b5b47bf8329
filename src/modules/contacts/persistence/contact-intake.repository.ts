import { Injectable } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQueries } from '../../../database/prepared-query';
import { Turns } from '../../../common/turns';
import { insertContactSql } from './contact-sql';

/** Contacts one intake transaction takes at most (see ContactIntakeRepository.insert). */
const INTAKE_TURN_LIMIT = 32;
/**
 * SQLSTATEs after which an intake turn is done again contact by contact: a contact's data refused
 * (class 22, data exception; 23, integrity constraint) or the transaction rolled back to be retried
 * (40: a deadlock with another API process's turn over two Idempotency-Keys, a serialization failure).
 * The server said no, so nothing of the turn was committed.
 */
const INTAKE_REFUSALS = /^(22|23|40)/;

interface ContactToInsert {
  year: number;
  sequence: string;
  body: unknown;
}

export interface StoredContact {
  id: string;
  reference: string;
  received_at: Date;
  possible_duplicate_of_id: string | null;
}

/** The SQL of intake: the one-statement insert (a prepared statement per year) and idempotent replays. */
@Injectable()
export class ContactIntakeRepository {
  /** The statement's text per year: it is looked up by its text with every call, and building it cost 1% of the API's CPU under bench:intake. */
  private readonly statements = new Map<string, string>();

  /**
   * This process's intake transactions, one at a time: contacts arriving while one commits go
   * together in the next, one statement each, all sent in one round trip and committed as one
   * transaction (preparedQueries). Idle, a contact is written at once, as before; under load, a
   * write, a wake-up and a commit serve several contacts. When the database refuses a contact's data
   * or the transaction has to be retried (INTAKE_REFUSALS), the whole turn is rolled back and each
   * contact is written again on its own, so only the contact at fault fails. Any other failure fails
   * every contact of the turn, as it would a lone contact: the connection lost leaves unknown whether
   * the transaction committed (the caller retries with its Idempotency-Key), and a cause that is not
   * one contact's (a timeout, the server shutting down) would only fail again, contact after contact.
   */
  private readonly turns = new Turns<ContactToInsert, (StoredContact | undefined)[]>(
    INTAKE_TURN_LIMIT,
    async (contacts) => {
      const answers = await preparedQueries<StoredContact>(this.dataSource, contacts.map((c) => ({ text: this.statement(c.sequence, c.year), values: [JSON.stringify(c.body)] })));
      const rowOf = new Map(contacts.map((c, i) => [c, answers[i][0]]));
      return (asked) => asked.map((c) => rowOf.get(c));
    },
    (error) => error instanceof DatabaseError && INTAKE_REFUSALS.test(error.code ?? ''),
  );

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The contact, its parts, audit event and outbox rows in one statement (insertContactSql),
   * committed when this resolves; undefined when the Idempotency-Key was used before.
   */
  async insert(year: number, sequence: string, body: unknown): Promise<StoredContact | undefined> {
    const [row] = await this.turns.take([{ year, sequence, body }]);
    return row;
  }

  private statement(sequence: string, year: number): string {
    const key = `${sequence} ${year}`;
    let text = this.statements.get(key);
    if (text === undefined) this.statements.set(key, (text = insertContactSql(sequence, year)));
    return text;
  }

  /** The contact an Idempotency-Key made before, with the hash of the body it was made with. */
  async earlier(scope: string, key: string | null): Promise<(StoredContact & { request_hash: string }) | undefined> {
    const [row] = await this.dataSource.query(
      'SELECT id, reference, received_at, possible_duplicate_of_id, request_hash FROM contact WHERE idempotency_scope = $1 AND idempotency_key = $2',
      [scope, key],
    );
    return row;
  }

  /** A public contact's tracking token replaced by a new one (only its hash is stored). */
  async replaceTrackingToken(em: EntityManager, contactId: string, hash: string): Promise<void> {
    await em.query(`UPDATE contact SET tracking_token_hash = $2 WHERE id = $1 AND channel = 'public'`, [contactId, hash]);
  }
}
