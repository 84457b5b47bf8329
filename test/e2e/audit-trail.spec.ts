import { randomBytes } from 'node:crypto';
import { AuditSealerService } from '../../src/audit/audit-sealer.service';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { TEST_ADMIN } from '../utils/test-secrets';

describe('Audit trail (SPEC MGT-4)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());

  async function createAgency(name: string): Promise<string> {
    const admin = await api.http.post('/api/v1/auth/token').send(TEST_ADMIN);
    const res = await api.http.post('/api/v1/admin/agencies').set('Authorization', `Bearer ${admin.body.accessToken}`).send({ name, type: 'voluntary' });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it('records who changed what, and lists it for managers and auditors', async () => {
    const agencyId = await createAgency(`Audit test ${randomBytes(3).toString('hex')}`);
    for (const role of ['mash_manager', 'auditor']) {
      const res = await api.http.get(`/api/v1/audit-events?entityType=agency&entityId=${agencyId}`).set('Authorization', `Bearer ${await api.tokenFor(role)}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ action: 'agency.created', actorRole: 'admin', entityId: agencyId, summary: { type: 'voluntary' } });
      expect(res.body.items[0].requestId).toBeTruthy();
    }
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on audit events', async () => {
    const agencyId = await createAgency(`Append-only test ${randomBytes(3).toString('hex')}`);
    await withDb(async (db) => {
      await expect(db.query(`UPDATE audit_event SET action = 'x' WHERE entity_id = $1`, [agencyId])).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_event WHERE entity_id = $1`, [agencyId])).rejects.toThrow(/append-only/);
      await expect(db.query(`TRUNCATE audit_event CASCADE`)).rejects.toThrow(/append-only/);
      const left = await db.query('SELECT action FROM audit_event WHERE entity_id = $1', [agencyId]);
      expect(left.rows).toEqual([{ action: 'agency.created' }]);
    });
  });

  it('verify reports OK, then reports the tampered row, then OK again once it is restored', async () => {
    const agencyId = await createAgency(`Tamper test ${randomBytes(3).toString('hex')}`);
    await api.app.get(AuditSealerService).sealAll();
    const auth = `Bearer ${await api.tokenFor('auditor')}`;
    const before = await api.http.get('/api/v1/audit-events/verify').set('Authorization', auth);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ ok: true, firstBroken: null });
    expect(before.body.sealsChecked).toBeGreaterThan(0);

    await withDb(async (db) => {
      const [event] = (await db.query(`SELECT id, seq, summary FROM audit_event WHERE entity_id = $1`, [agencyId])).rows;
      const tamper = async (summary: object) => {
        await db.query('BEGIN');
        await db.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
        await db.query('UPDATE audit_event SET summary = $1 WHERE id = $2', [summary, event.id]);
        await db.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
        await db.query('COMMIT');
      };
      await tamper({ type: 'police' });
      try {
        const after = await api.http.get('/api/v1/audit-events/verify').set('Authorization', auth);
        expect(after.body.ok).toBe(false);
        expect(after.body.firstBroken).toMatchObject({ kind: 'event', eventId: event.id, eventSeq: String(event.seq) });
      } finally {
        await tamper(event.summary);
      }
    });
    const restored = await api.http.get('/api/v1/audit-events/verify').set('Authorization', auth);
    expect(restored.body.ok).toBe(true);
  });

  it('verify reports a broken seal when a sealed event is removed', async () => {
    await createAgency(`Seal test ${randomBytes(3).toString('hex')}`);
    await api.app.get(AuditSealerService).sealAll();
    const auth = `Bearer ${await api.tokenFor('auditor')}`;
    await withDb(async (db) => {
      const [member] = (await db.query('SELECT * FROM audit_seal_event ORDER BY seal_no DESC, position DESC LIMIT 1')).rows;
      const change = async (sql: string, params: unknown[]) => {
        await db.query('BEGIN');
        await db.query('ALTER TABLE audit_seal_event DISABLE TRIGGER audit_seal_event_append_only');
        await db.query(sql, params);
        await db.query('ALTER TABLE audit_seal_event ENABLE TRIGGER audit_seal_event_append_only');
        await db.query('COMMIT');
      };
      await change('DELETE FROM audit_seal_event WHERE event_id = $1', [member.event_id]);
      try {
        const res = await api.http.get('/api/v1/audit-events/verify').set('Authorization', auth);
        expect(res.body.ok).toBe(false);
        expect(res.body.firstBroken).toMatchObject({ kind: 'seal', sealNo: String(member.seal_no) });
      } finally {
        await change('INSERT INTO audit_seal_event (event_id, seal_no, position) VALUES ($1, $2, $3)', [member.event_id, member.seal_no, member.position]);
      }
    });
    expect((await api.http.get('/api/v1/audit-events/verify').set('Authorization', auth)).body.ok).toBe(true);
  });
});
