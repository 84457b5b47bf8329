import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { auditEventRow } from '../../src/audit/audit-row';
import { AuditSealerService } from '../../src/audit/audit-sealer.service';
import { eventHash, GENESIS_HASH, sealHash } from '../../src/audit/domain/hash-chain';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { TEST_ADMIN } from '../utils/test-secrets';

/**
 * The database's owner can switch triggers off and rewrite any row. Keyed seals (AUDIT_SEAL_KEY is
 * never in the database), a checkpoint of the chain's head outside the database, and a verifier that
 * ignores the sealer's work list make each rewrite show in /audit-events/verify (SPEC MGT-4,
 * OPS-8). Every test puts the rows back, so the shared trail verifies again afterwards.
 */
describe('Audit trail against its database owner', () => {
  let api: TestApi;
  let sealer: AuditSealerService;
  beforeAll(async () => {
    api = await startApi();
    sealer = api.app.get(AuditSealerService);
  });
  afterAll(() => api.close());

  const verify = async () => {
    const res = await api.http.get('/api/v1/audit-events/verify').set('Authorization', `Bearer ${await api.tokenFor('auditor')}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  /** An audited change through the API: an agency created by the administrator. */
  async function auditedChange(): Promise<string> {
    const admin = await api.http.post('/api/v1/auth/token').send(TEST_ADMIN);
    const res = await api.http
      .post('/api/v1/admin/agencies')
      .set('Authorization', `Bearer ${admin.body.accessToken}`)
      .send({ name: `Owner tamper ${randomBytes(3).toString('hex')}`, type: 'voluntary' });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** As the owner, with every trigger off (what SET session_replication_role = replica allows a superuser). */
  async function asOwner(db: Client, work: () => Promise<void>): Promise<void> {
    await db.query('BEGIN');
    await db.query('SET LOCAL session_replication_role = replica');
    await work();
    await db.query('COMMIT');
  }

  it('an event edited with every hash recomputed without the key: verify reports the first broken seal', async () => {
    const agencyId = await auditedChange();
    await auditedChange();
    await sealer.sealAll();
    expect(await verify()).toMatchObject({ ok: true });

    await withDb(async (db) => {
      const [event] = (await db.query(`SELECT e.*, s.seal_no FROM audit_event e JOIN audit_seal_event s ON s.event_id = e.id WHERE e.entity_id = $1`, [agencyId])).rows;
      const seals = (await db.query('SELECT seal_no, previous_hash, hash FROM audit_seal WHERE seal_no >= $1 ORDER BY seal_no', [event.seal_no])).rows;
      await asOwner(db, async () => {
        const summary = { type: 'police' };
        const content = {
          id: event.id, occurredAt: event.occurred_at, actorUserId: event.actor_user_id, actorRole: event.actor_role, actorAgencyId: event.actor_agency_id,
          action: event.action, entityType: event.entity_type, entityId: event.entity_id, summary, requestId: event.request_id, ip: event.ip,
        };
        await db.query('UPDATE audit_event SET summary = $1, content_hash = $2 WHERE id = $3', [summary, eventHash(content), event.id]);
        // Every seal from the edited one on, recomputed as an owner can: with a key of their own.
        let previous = Number(event.seal_no) === 1 ? GENESIS_HASH : (await db.query('SELECT hash FROM audit_seal WHERE seal_no = $1', [Number(event.seal_no) - 1])).rows[0].hash;
        for (const seal of seals) {
          const members = (await db.query('SELECT e.content_hash FROM audit_seal_event s JOIN audit_event e ON e.id = s.event_id WHERE s.seal_no = $1 ORDER BY s.position', [seal.seal_no])).rows;
          const hash = sealHash('a-key-the-owner-guessed-of-32-chars', previous, Number(seal.seal_no), members.map((m) => m.content_hash));
          await db.query('UPDATE audit_seal SET previous_hash = $1, hash = $2 WHERE seal_no = $3', [previous, hash, seal.seal_no]);
          previous = hash;
        }
      });
      try {
        const report = await verify();
        expect(report.ok).toBe(false);
        expect(report.firstBroken).toMatchObject({ kind: 'seal', sealNo: String(event.seal_no), reason: 'seal hash does not match its events' });
      } finally {
        await asOwner(db, async () => {
          await db.query('UPDATE audit_event SET summary = $1, content_hash = $2 WHERE id = $3', [event.summary, event.content_hash, event.id]);
          for (const seal of seals) await db.query('UPDATE audit_seal SET previous_hash = $1, hash = $2 WHERE seal_no = $3', [seal.previous_hash, seal.hash, seal.seal_no]);
        });
      }
    });
    expect(await verify()).toMatchObject({ ok: true, firstBroken: null });
  });

  it('the newest seals deleted: verify reports the mismatch with the checkpoint outside the database', async () => {
    await auditedChange();
    await sealer.sealAll();
    await auditedChange();
    await sealer.sealAll();
    const checkpoint = await sealer.checkpoint();
    expect(checkpoint).not.toBeNull();
    expect(await verify()).toMatchObject({ ok: true, checkpoint: { sealNo: checkpoint!.sealNo, hash: checkpoint!.hash } });

    await withDb(async (db) => {
      const newest = checkpoint!.sealNo - 1;
      const seals = (await db.query('SELECT * FROM audit_seal WHERE seal_no >= $1', [newest])).rows;
      const members = (await db.query('SELECT * FROM audit_seal_event WHERE seal_no >= $1', [newest])).rows;
      await asOwner(db, async () => {
        await db.query('DELETE FROM audit_seal_event WHERE seal_no >= $1', [newest]);
        await db.query('DELETE FROM audit_seal WHERE seal_no >= $1', [newest]);
      });
      try {
        const report = await verify();
        expect(report.ok).toBe(false);
        expect(report.firstBroken).toMatchObject({ kind: 'checkpoint', sealNo: String(newest - 1) });
        expect(report.firstBroken.reason).toContain(`records seal ${checkpoint!.sealNo}`);
        // And the sealer refuses to checkpoint over the shortened chain.
        await expect(sealer.checkpoint()).rejects.toThrow(/does not match its checkpoint/);
      } finally {
        await asOwner(db, async () => {
          for (const s of seals) {
            await db.query('INSERT INTO audit_seal (seal_no, sealed_at, previous_hash, event_count, hash) VALUES ($1, $2, $3, $4, $5)', [s.seal_no, s.sealed_at, s.previous_hash, s.event_count, s.hash]);
          }
          for (const m of members) await db.query('INSERT INTO audit_seal_event (event_id, seal_no, position) VALUES ($1, $2, $3)', [m.event_id, m.seal_no, m.position]);
        });
      }
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('a seal larger than a page of events verifies, and an edit deep inside it is found', async () => {
    // 4,500 events sealed together span three of the verifier's pages (2,000 events each).
    const rows = Array.from({ length: 4500 }, (_, i) => auditEventRow(SYSTEM_ACTOR, { action: 'page.check', entityType: 'test', entityId: String(i) }));
    await withDb((db) => db.query(`INSERT INTO audit_event (id, occurred_at, actor_user_id, actor_role, actor_agency_id, action, entity_type, entity_id, summary, request_id, ip, content_hash)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, occurred_at timestamptz, actor_user_id uuid, actor_role text, actor_agency_id uuid, action text,
           entity_type text, entity_id text, summary jsonb, request_id text, ip text, content_hash char(64))`, [JSON.stringify(rows)]));
    await sealer.sealAll();
    const report = await verify();
    expect(report).toMatchObject({ ok: true, firstBroken: null });
    expect(report.eventsChecked).toBeGreaterThanOrEqual(4500);

    const target = rows[4321];
    await withDb(async (db) => {
      await asOwner(db, () => db.query(`UPDATE audit_event SET entity_id = 'edited' WHERE id = $1`, [target.id]).then(() => undefined));
      try {
        expect((await verify()).firstBroken).toMatchObject({ kind: 'event', eventId: target.id });
      } finally {
        await asOwner(db, () => db.query(`UPDATE audit_event SET entity_id = $1 WHERE id = $2`, [target.entity_id, target.id]).then(() => undefined));
      }
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('rows deleted from audit_unsealed: verify reports the events left unsealed beyond a minute', async () => {
    // Two events appended two minutes ago (as if the sealer had been starved that long).
    const at = new Date(Date.now() - 120_000);
    const rows = [0, 1].map(() => auditEventRow(SYSTEM_ACTOR, { action: 'agency.created', entityType: 'agency', entityId: null, summary: { test: 'unsealed' } }, at));
    await withDb(async (db) => {
      await db.query(
        `INSERT INTO audit_event (id, occurred_at, actor_user_id, actor_role, actor_agency_id, action, entity_type, entity_id, summary, request_id, ip, content_hash)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, occurred_at timestamptz, actor_user_id uuid, actor_role text, actor_agency_id uuid, action text,
           entity_type text, entity_id text, summary jsonb, request_id text, ip text, content_hash char(64))`,
        [JSON.stringify(rows)],
      );
      const queued = await db.query('DELETE FROM audit_unsealed WHERE event_id = ANY($1::uuid[]) RETURNING event_id, seq', [rows.map((r) => r.id)]);
      expect(queued.rowCount).toBe(2);
      await sealer.sealAll();
      try {
        const report = await verify();
        expect(report.ok).toBe(false);
        expect(report.unsealedOlderThanOneMinute).toBe(2);
        expect(report.firstBroken).toMatchObject({ kind: 'unsealed', eventId: rows[0].id, reason: '2 events older than a minute are not covered by any seal' });
      } finally {
        for (const q of queued.rows) await db.query('INSERT INTO audit_unsealed (event_id, seq) VALUES ($1, $2)', [q.event_id, q.seq]);
        await sealer.sealAll();
      }
    });
    expect(await verify()).toMatchObject({ ok: true, unsealedOlderThanOneMinute: 0 });
  });
});
