import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { pgPool } from '../../../database/pg-pool';
import { insertContactSql } from './contact-sql';

export interface StoredContact {
  id: string;
  reference: string;
  received_at: Date;
  possible_duplicate_of_id: string | null;
}

/** The SQL of intake: the one-statement insert (a named prepared statement per year) and idempotent replays. */
@Injectable()
export class ContactIntakeRepository {
  /** The statement's text per year: pg sends it with every call, and building it cost 1% of the API's CPU under bench:intake. */
  private readonly statements = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The contact, its parts, audit event and outbox rows in one statement (insertContactSql); undefined
   * when the Idempotency-Key was used before. A named statement: each pooled connection parses and
   * plans it once, not per contact.
   */
  async insert(year: number, sequence: string, body: unknown): Promise<StoredContact | undefined> {
    const key = `${sequence} ${year}`;
    let text = this.statements.get(key);
    if (text === undefined) this.statements.set(key, (text = insertContactSql(sequence, year)));
    const result = await pgPool(this.dataSource).query<StoredContact>({ name: `intake_contact_${year}`, text, values: [JSON.stringify(body)] });
    return result.rows[0];
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
