import type { EntityManager } from 'typeorm';

/** Rows of the audit trail as the verifier recomputes them (column names as stored). */
export interface AuditEventRecord {
  id: string; seq: string; occurred_at: Date; actor_user_id: string | null; actor_role: string; actor_agency_id: string | null;
  action: string; entity_type: string; entity_id: string | null; summary: Record<string, unknown>; request_id: string | null;
  ip: string | null; content_hash: string;
}
export type SealedEventRecord = AuditEventRecord & { seal_no: string; position: number };
export interface SealRecord { seal_no: string; previous_hash: string; event_count: number; hash: string }

const SEALER_LOCK_KEY = 7_246_002;

/** The seal chain over the audit trail: what the sealer appends and the verifier reads back. */
export const auditSeals = {
  /** One sealer across replicas: a transaction-scoped advisory lock, false when another holds it. */
  async tryLockSealer(em: EntityManager): Promise<boolean> {
    const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEALER_LOCK_KEY]);
    return locked;
  },

  /**
   * Drops work-list entries already sealed (by a sealer of an older version during a rolling deploy,
   * say): they would otherwise make every pass fail on audit_seal_event's key.
   */
  async dropSealedFromWorkList(em: EntityManager): Promise<void> {
    await em.query('DELETE FROM audit_unsealed u USING audit_seal_event s WHERE s.event_id = u.event_id');
  },

  async unsealedBatch(em: EntityManager, limit: number): Promise<{ id: string; content_hash: string }[]> {
    return em.query(`SELECT e.id, e.content_hash FROM audit_unsealed u JOIN audit_event e ON e.id = u.event_id ORDER BY u.seq LIMIT $1`, [limit]);
  },

  async head(em: EntityManager): Promise<{ seal_no: string; hash: string } | undefined> {
    const [last] = await em.query('SELECT seal_no, hash FROM audit_seal ORDER BY seal_no DESC LIMIT 1');
    return last;
  },

  async hashOf(em: EntityManager, sealNo: number): Promise<string | undefined> {
    const [seal] = await em.query('SELECT hash FROM audit_seal WHERE seal_no = $1', [sealNo]);
    return seal?.hash;
  },

  /** Appends a seal, lists its events in order, and takes them off the work list. */
  async appendSeal(em: EntityManager, seal: { sealNo: number; previousHash: string; hash: string; eventIds: string[] }): Promise<void> {
    await em.query('INSERT INTO audit_seal (seal_no, sealed_at, previous_hash, event_count, hash) VALUES ($1, now(), $2, $3, $4)', [
      seal.sealNo, seal.previousHash, seal.eventIds.length, seal.hash,
    ]);
    await em.query(
      `INSERT INTO audit_seal_event (event_id, seal_no, position)
       SELECT id, $2, ord::int FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [seal.eventIds, seal.sealNo],
    );
    await em.query('DELETE FROM audit_unsealed WHERE event_id = ANY($1::uuid[])', [seal.eventIds]);
  },

  async eventsSealedBetween(em: EntityManager, afterSealNo: number, upToSealNo: string): Promise<number> {
    const [{ events }] = await em.query('SELECT coalesce(sum(event_count), 0)::bigint AS events FROM audit_seal WHERE seal_no > $1 AND seal_no <= $2', [afterSealNo, upToSealNo]);
    return Number(events);
  },

  sealsAfter(em: EntityManager, afterSealNo: number, limit: number): Promise<SealRecord[]> {
    return em.query('SELECT seal_no, previous_hash, event_count, hash FROM audit_seal WHERE seal_no > $1 ORDER BY seal_no LIMIT $2', [afterSealNo, limit]);
  },

  /** Sealed events in chain order (seal, position), after the given place, by keyset. */
  sealedEventsAfter(em: EntityManager, after: { sealNo: string; position: number }, limit: number): Promise<SealedEventRecord[]> {
    return em.query(
      `SELECT s.seal_no, s.position, e.* FROM audit_seal_event s JOIN audit_event e ON e.id = s.event_id
        WHERE (s.seal_no, s.position) > ($1, $2) ORDER BY s.seal_no, s.position LIMIT $3`,
      [after.sealNo, after.position, limit],
    );
  },

  /** Events no seal covers, by sequence, each marked when older than a minute. */
  unsealedEventsAfter(em: EntityManager, afterSeq: string, limit: number): Promise<(AuditEventRecord & { old: boolean })[]> {
    return em.query(
      `SELECT e.*, e.occurred_at < now() - interval '1 minute' AS old FROM audit_event e
        WHERE e.seq > $1 AND NOT EXISTS (SELECT 1 FROM audit_seal_event s WHERE s.event_id = e.id) ORDER BY e.seq LIMIT $2`,
      [afterSeq, limit],
    );
  },
};
