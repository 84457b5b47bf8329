import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AUDIT_COLUMNS, AuditEventRow } from '../../../audit/audit-row';
import { insertRows } from '../../../database/insert-rows';
import { preparedQuery } from '../../../database/prepared-query';
import type { OutboundMessageStatus } from '../domain/outbound-message-vocabulary';
import { OutboundMessage } from './outbound-message.entity';

export type NewOutboundMessage = Pick<
  OutboundMessage,
  | 'purpose'
  | 'aboutType'
  | 'aboutId'
  | 'audience'
  | 'recipientRef'
  | 'dedupeKey'
  | 'recipientEmail'
  | 'recipientAgencyId'
  | 'recipientAccountId'
  | 'caseContentWithheld'
  | 'subject'
  | 'bodyText'
  | 'bodyHtml'
  | 'fromName'
  | 'headers'
  | 'messageId'
  | 'attemptLimit'
  | 'backoffSeconds'
  | 'nextAttemptAt'
  | 'lastError'
>;

/** The columns a queued message is written with; attempts, timestamps and the rest keep their defaults. */
const INSERT_COLUMNS = [
  'purpose', 'about_type', 'about_id', 'audience', 'recipient_ref', 'dedupe_key', 'recipient_email', 'recipient_agency_id', 'recipient_account_id',
  'case_content_withheld', 'subject', 'body_text', 'body_html', 'from_name', 'headers', 'message_id', 'attempt_limit', 'backoff_seconds',
  'next_attempt_at', 'last_error', 'status',
] as const;

/** Any number of messages in one statement; a dedupe key that exists already leaves its row as it is. */
const INSERT_NEW = `${insertRows('outbound_message', INSERT_COLUMNS, 'messages')}
ON CONFLICT DO NOTHING
RETURNING id, status, dedupe_key AS "dedupeKey"`;

/**
 * What the recipient rule needs, in one statement: the addresses of active accounts ($1), the
 * registered address and allow-listed domains of agencies ($2), and, when $3, every domain some
 * agency allow-lists.
 */
const RECIPIENT_FACTS = `SELECT 'account' AS kind, id::text AS id, email, NULL::text[] AS domains FROM app_user WHERE id = ANY($1::uuid[]) AND active IS NOT FALSE
UNION ALL
SELECT 'agency', id::text, email, email_domains FROM agency WHERE id = ANY($2::uuid[])
UNION ALL
SELECT 'allow-listed', NULL, NULL, ARRAY(SELECT DISTINCT unnest(email_domains) FROM agency) WHERE $3::boolean`;

/** The row as the entity names it, for statements that read a message outside the ORM. */
const MESSAGE_FIELDS = `id, purpose, about_type AS "aboutType", about_id AS "aboutId", audience, recipient_ref AS "recipientRef", dedupe_key AS "dedupeKey",
  recipient_email AS "recipientEmail", recipient_agency_id AS "recipientAgencyId", recipient_account_id AS "recipientAccountId",
  case_content_withheld AS "caseContentWithheld", subject, body_text AS "bodyText", body_html AS "bodyHtml", from_name AS "fromName", headers,
  message_id AS "messageId", status, attempts, attempt_limit AS "attemptLimit", backoff_seconds AS "backoffSeconds", next_attempt_at AS "nextAttemptAt",
  last_attempt_at AS "lastAttemptAt", last_error AS "lastError", server_response AS "serverResponse", sent_at AS "sentAt", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

/**
 * The delivery lock's key, of the message whose id is the parameter `id` ($1 unless said), for the
 * statements that take and drop it. Its two halves are the protocol's and the message's, so no
 * other advisory lock of the service can collide with it.
 */
const deliveryLockKey = (id = '$1') => `hashtext('mash.mail.delivery'), hashtext(${id})`;

/**
 * The start of an attempt, in one statement: takes the message's delivery lock ($1; a session
 * advisory lock, see withDeliveryLock) and, only when it got it, reads the message and, when it is
 * pending with an address and the job's attempt ($2, or any when null) has not been made, moves it
 * to `sending` with the attempt counted (compare-and-set on status and attempts). Returns whether
 * the lock was taken, the row as it was before, and whether this statement marked it; the row's
 * fields are null when the lock was not taken or the message does not exist.
 */
const LOCK_AND_MARK_SENDING = `WITH lk AS MATERIALIZED (SELECT pg_try_advisory_lock(${deliveryLockKey()}) AS locked),
cur AS (SELECT m.* FROM outbound_message m JOIN lk ON lk.locked WHERE m.id = $1::uuid),
marked AS (
  UPDATE outbound_message m SET status = 'sending', attempts = cur.attempts + 1, last_attempt_at = $3::timestamptz, updated_at = now()
    FROM cur
   WHERE m.id = cur.id AND m.status = 'pending' AND m.attempts = cur.attempts
     AND cur.status = 'pending' AND cur.recipient_email IS NOT NULL AND ($2::int IS NULL OR cur.attempts < $2::int)
  RETURNING m.id
)
SELECT lk.locked, ${MESSAGE_FIELDS}, EXISTS (SELECT 1 FROM marked) AS marked FROM lk LEFT JOIN cur ON true`;

/**
 * The end of an attempt and its audit event, in one statement: the move is a compare-and-set on
 * (status, attempts) and the event is written only when the move happened. $1 holds the audit event.
 * With `unlock`, the statement also drops the message's delivery lock ($10: the id spelt as the lock
 * was taken with it), for a record that commits on its own: a round trip fewer per e-mail. The lock
 * goes only once the move holds the row (the unlock reads `moved` first), so a worker that takes the
 * lock next either sees the record committed or waits on the row for it, and its compare-and-set
 * then finds the message moved on.
 */
function recordAttemptStatement(unlock: boolean): string {
  return `WITH moved AS (
  UPDATE outbound_message
     SET status = $4, sent_at = coalesce($5::timestamptz, sent_at), server_response = coalesce($6, server_response),
         last_error = $7, next_attempt_at = $8::timestamptz, updated_at = now()
   WHERE id = $2::uuid AND status = $3 AND attempts = $9::int
  RETURNING id
),
a AS (${insertRows('audit_event', AUDIT_COLUMNS, 'events', 'moved')})
${
  unlock
    ? `, unlocked AS (SELECT pg_advisory_unlock(${deliveryLockKey('$10')}) AS unlocked FROM (SELECT count(*) FROM moved) m)
SELECT (SELECT count(*)::int FROM moved) AS moved, (SELECT unlocked FROM unlocked) AS unlocked`
    : 'SELECT count(*)::int AS moved FROM moved'
}`;
}
const RECORD_ATTEMPT = recordAttemptStatement(false);
const RECORD_ATTEMPT_AND_UNLOCK = recordAttemptStatement(true);

/** Drops the delivery lock of one message ($1) that LOCK_AND_MARK_SENDING took. */
const DELIVERY_UNLOCK = `SELECT pg_advisory_unlock(${deliveryLockKey()})`;

export type QueuedRow = Pick<OutboundMessage, 'id' | 'status' | 'dedupeKey'>;

/** What the recipient rule knows of the accounts and agencies a batch of messages names. */
export interface RecipientFacts {
  /** Active accounts' own addresses, by account id. */
  accounts: Map<string, string>;
  agencies: Map<string, { email: string | null; emailDomains: string[] }>;
  /** Every domain some agency allow-lists; empty unless asked for. */
  allowListed: string[];
}

/** How an attempt ends: the columns the record statement sets. */
export interface AttemptEnd {
  status: OutboundMessageStatus;
  sentAt?: Date | null;
  serverResponse?: string | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

/** The outbound_message table: queueing, the delivery protocol's compare-and-set moves, reads by owner. */
@Injectable()
export class OutboundMessageRepository {
  /** The message id, spelt as its delivery lock was taken, of each delivery connection (withDeliveryLock) holding it. */
  private readonly deliveryLockOf = new WeakMap<EntityManager, string>();

  constructor(private readonly dataSource: DataSource) {}

  /** Inserts in the caller's transaction, one statement for all; a message whose dedupe key exists is left as it is. Returns the rows inserted. */
  async insertNew(em: EntityManager, rows: (NewOutboundMessage & { status: OutboundMessageStatus })[]): Promise<QueuedRow[]> {
    if (rows.length === 0) return [];
    const messages = rows.map((r) => ({
      purpose: r.purpose, about_type: r.aboutType, about_id: r.aboutId, audience: r.audience, recipient_ref: r.recipientRef, dedupe_key: r.dedupeKey,
      recipient_email: r.recipientEmail, recipient_agency_id: r.recipientAgencyId, recipient_account_id: r.recipientAccountId,
      case_content_withheld: r.caseContentWithheld, subject: r.subject, body_text: r.bodyText, body_html: r.bodyHtml, from_name: r.fromName,
      headers: r.headers, message_id: r.messageId, attempt_limit: r.attemptLimit, backoff_seconds: r.backoffSeconds, next_attempt_at: r.nextAttemptAt,
      last_error: r.lastError, status: r.status,
    }));
    return preparedQuery<QueuedRow>(em, INSERT_NEW, [JSON.stringify({ messages })]);
  }

  /** The facts the recipient rule needs for these accounts and agencies, in one statement (none when nothing is asked). */
  async recipientFacts(em: EntityManager, ask: { accountIds: string[]; agencyIds: string[]; allowListed: boolean }): Promise<RecipientFacts> {
    const facts: RecipientFacts = { accounts: new Map(), agencies: new Map(), allowListed: [] };
    if (!ask.accountIds.length && !ask.agencyIds.length && !ask.allowListed) return facts;
    const rows = await preparedQuery<{ kind: string; id: string | null; email: string | null; domains: string[] | null }>(em, RECIPIENT_FACTS, [ask.accountIds, ask.agencyIds, ask.allowListed]);
    for (const r of rows) {
      if (r.kind === 'account' && r.email) facts.accounts.set(r.id!, r.email);
      else if (r.kind === 'agency') facts.agencies.set(r.id!, { email: r.email, emailDomains: r.domains ?? [] });
      else if (r.kind === 'allow-listed') facts.allowListed = r.domains ?? [];
    }
    return facts;
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<OutboundMessage | null> {
    return em.findOne(OutboundMessage, { where: { id } });
  }

  lock(em: EntityManager, id: string): Promise<OutboundMessage | null> {
    return em.findOne(OutboundMessage, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  byDedupeKeys(em: EntityManager, keys: string[]): Promise<OutboundMessage[]> {
    return keys.length ? em.find(OutboundMessage, { where: { dedupeKey: In(keys) } }) : Promise.resolve([]);
  }

  /** The messages about some records of one type, oldest first. */
  about(em: EntityManager, aboutType: string, aboutIds: string[]): Promise<OutboundMessage[]> {
    if (aboutIds.length === 0) return Promise.resolve([]);
    return em.find(OutboundMessage, { where: { aboutType, aboutId: In(aboutIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Failed messages, messages in retry, and the oldest failure, of the purposes starting with `purposePrefix`. */
  async deliveryFigures(em: EntityManager, purposePrefix: string): Promise<{ failed: number; retrying: number; oldestFailedAt: Date | null }> {
    const [row] = await em.query(
      `SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status IN ('pending', 'sending') AND attempts > 0)::int AS retrying,
              min(updated_at) FILTER (WHERE status = 'failed') AS "oldestFailedAt"
         FROM outbound_message WHERE status IN ('failed', 'pending', 'sending') AND starts_with(purpose, $1)`,
      [purposePrefix],
    );
    return { failed: row.failed, retrying: row.retrying, oldestFailedAt: row.oldestFailedAt ?? null };
  }

  /**
   * Pending messages well past their due attempt and `sending` ones whose worker is long gone, locked
   * for the caller's transaction (SKIP LOCKED: sweeps in several workers share the work).
   */
  overdue(em: EntityManager, before: Date, limit: number): Promise<Pick<OutboundMessage, 'id' | 'status' | 'attempts' | 'nextAttemptAt' | 'lastAttemptAt'>[]> {
    return em
      .getRepository(OutboundMessage)
      .createQueryBuilder('m')
      .select(['m.id', 'm.status', 'm.attempts', 'm.nextAttemptAt', 'm.lastAttemptAt'])
      .where(`(m.status = 'pending' AND m.next_attempt_at < :before) OR (m.status = 'sending' AND m.last_attempt_at < :before)`, { before })
      .orderBy('m.next_attempt_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async touch(em: EntityManager, id: string, values: Pick<Partial<OutboundMessage>, 'nextAttemptAt' | 'lastAttemptAt'>): Promise<void> {
    await em.update(OutboundMessage, { id }, values);
  }

  /** Changes a failed message for a new round of attempts; false when it is no longer failed. */
  async reopen(em: EntityManager, id: string, values: Pick<OutboundMessage, 'recipientEmail' | 'attemptLimit' | 'nextAttemptAt'>): Promise<boolean> {
    const result = await em.update(OutboundMessage, { id, status: 'failed' }, { ...values, status: 'pending', lastError: null });
    return result.affected === 1;
  }

  /**
   * Starts an attempt at the message on a connection of its own: one statement takes a session
   * advisory lock on the message and, under it, marks it `sending` for the attempt `attempt` (null:
   * the next one), committed on its own before the SMTP conversation (LOCK_AND_MARK_SENDING). Returns
   * null at once when another worker holds the lock. Otherwise runs `work` with that connection's
   * EntityManager and the message as it was with whether it was marked (null: no such message), and
   * `work` does the rest of its statements on it: the record (on its own, or in a transaction with
   * the owning feature's listener); one connection per delivery, never a second one while holding
   * the first. The lock is a session's, not a transaction's, because the mark must commit while the
   * lock is still held; it is dropped before the connection goes back to the pool, and Postgres drops
   * it with a dead worker's connection, so holding it proves no live worker is mid-attempt on this
   * message. The row is read in the statement that takes the lock, so its snapshot can predate
   * another worker's record committed just before that worker let go: every move after the mark is
   * a compare-and-set, which such a row fails.
   */
  async withDeliveryLock<T>(
    id: string,
    attempt: number | null,
    at: Date,
    work: (em: EntityManager, found: { row: OutboundMessage; marked: boolean } | null) => Promise<T>,
  ): Promise<T | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    // Held unless the statement says it was not taken: a session lock outlives a statement that fails
    // after taking it, and must not go back to the pool with the connection. (Unlocking a lock not
    // held only answers false.)
    let locked = true;
    try {
      const [{ locked: got, marked, ...row }] = await preparedQuery<OutboundMessage & { locked: boolean; marked: boolean }>(runner.manager, LOCK_AND_MARK_SENDING, [
        id,
        attempt,
        at.toISOString(),
      ]);
      locked = got;
      if (!locked) return null;
      this.deliveryLockOf.set(runner.manager, id);
      return await work(runner.manager, row.id ? { row, marked } : null);
    } finally {
      try {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        // Still held unless a record statement dropped it (recordAttempt with `unlock`).
        if (locked && this.deliveryLockOf.has(runner.manager)) await preparedQuery(runner.manager, DELIVERY_UNLOCK, [id]);
      } finally {
        this.deliveryLockOf.delete(runner.manager);
        await runner.release();
      }
    }
  }

  /**
   * Records how an attempt ended, with its audit event, in one statement: a compare-and-set on
   * (status, attempts), so each move happens once whatever runs twice. Outside a transaction of
   * `em` it commits on its own. False when the message was no longer in `from`. `unlock`: the
   * record commits on its own, and when `em` is a delivery connection (withDeliveryLock) the
   * statement drops its lock too.
   */
  async recordAttempt(em: EntityManager, id: string, from: { status: OutboundMessageStatus; attempts: number }, end: AttemptEnd, audit: AuditEventRow, unlock = false): Promise<boolean> {
    const lockId = unlock ? this.deliveryLockOf.get(em) : undefined;
    const [{ moved, unlocked }] = await preparedQuery<{ moved: number; unlocked?: boolean }>(em, lockId === undefined ? RECORD_ATTEMPT : RECORD_ATTEMPT_AND_UNLOCK, [
      JSON.stringify({ events: [audit] }),
      id,
      from.status,
      end.status,
      end.sentAt?.toISOString() ?? null,
      end.serverResponse ?? null,
      end.lastError,
      end.nextAttemptAt?.toISOString() ?? null,
      from.attempts,
      ...(lockId === undefined ? [] : [lockId]),
    ]);
    if (unlocked) this.deliveryLockOf.delete(em);
    return moved === 1;
  }
}
