import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditSealerService } from '../../src/audit/audit-sealer.service';
import { RetentionService } from '../../src/modules/retention/retention.service';
import { createContact } from '../factories/contact-factory';
import { createDecision, uniqueName } from '../factories/person-factory';
import { startApi, TestApi } from '../utils/test-app';
import { TEST_DATABASE_URL } from '../utils/test-env';

/**
 * Retention and legal hold (SPEC SEC-5): records past their period are deleted in batches, nothing a
 * held child appears in (as the child or in a household) is, the purge is audited, and the audit
 * trail still verifies; the dry run lists the same ids the purge then deletes. The worker runs the
 * same RetentionService.purge on its schedule (job retention.purge).
 */
describe('Retention and legal hold (SPEC SEC-5)', () => {
  let api: TestApi;
  let ds: DataSource;
  let retention: RetentionService;
  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    retention = api.app.get(RetentionService);
  });
  afterAll(() => api.close());

  const tenYearsAgo = () => new Date(Date.now() - 10 * 365.25 * 86_400_000);
  const lastYear = () => new Date(Date.now() - 365 * 86_400_000);

  async function person(dateOfBirth: string): Promise<string> {
    const [row] = await ds.query(`INSERT INTO person (kind, first_name, last_name, date_of_birth) VALUES ('child', $1, $2, $3) RETURNING id`, [uniqueName(), uniqueName(), dateOfBirth]);
    return row.id;
  }

  /** A closed contact: one child, decided (signed off) at `finalAt`. */
  async function closedContact(o: { finalAt: Date; outcome: 'nfa' | 'early_help'; childDob?: string; childPersonId?: string; householdPersonId?: string }): Promise<string> {
    const created = await createContact(ds, {
      receivedAt: o.finalAt,
      subjects: [{ dateOfBirth: o.childDob ?? '2019-05-04', personId: o.childPersonId ?? null }],
      household: o.householdPersonId ? [{ personId: o.householdPersonId }] : [],
    });
    await createDecision(ds, { contactId: created.contact.id, subjectId: created.subjects[0].id, personId: o.childPersonId, outcome: o.outcome, decidedAt: o.finalAt });
    return created.contact.id;
  }

  const contactsLeft = async (ids: string[]) => ((await ds.query('SELECT id FROM contact WHERE id = ANY($1::uuid[])', [ids])) as { id: string }[]).map((r) => r.id).sort();
  const hold = (personId: string, path: '' | '/lift', reason: string | undefined, role = 'mash_manager') =>
    api.tokenFor(role).then((token) => api.http.post(`/api/v1/people/${personId}/legal-hold${path}`).set('Authorization', `Bearer ${token}`).send(reason === undefined ? {} : { reason }));

  it('managers set and lift a hold with a reason, audited; others may not', async () => {
    const child = await person('2016-02-03');
    expect((await hold(child, '', 'Child safeguarding practice review', 'mash_worker')).status).toBe(403);
    const missing = await hold(child, '', undefined);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('reason');
    expect((await hold(randomUUID(), '', 'no such person')).status).toBe(404);
    const set = await hold(child, '', 'Child safeguarding practice review');
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ personId: child, reason: 'Child safeguarding practice review', liftedAt: null });
    expect((await hold(child, '', 'again')).status).toBe(409);
    const lifted = await hold(child, '/lift', 'Review concluded');
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ personId: child, liftReason: 'Review concluded' });
    expect(lifted.body.liftedAt).toBeTruthy();
    expect((await hold(child, '/lift', 'twice')).status).toBe(409);
    const events = await ds.query(`SELECT action, summary FROM audit_event WHERE entity_type = 'person' AND entity_id = $1 ORDER BY seq`, [child]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['legal_hold.set', 'legal_hold.lifted']);
    expect(JSON.stringify(events)).not.toContain('safeguarding practice review');
  });

  it('deletes expired records, never a held child or household, audits the purge, and the trail still verifies; the dry run lists the same ids', async () => {
    const held = await person('2015-06-07');
    const orphan = await person('2014-01-01');
    const expiredNfa = await closedContact({ finalAt: tenYearsAgo(), outcome: 'nfa', childPersonId: orphan });
    const expiredReferral = await closedContact({ finalAt: tenYearsAgo(), outcome: 'early_help', childDob: '1990-01-01' });
    const heldChild = await closedContact({ finalAt: tenYearsAgo(), outcome: 'nfa', childPersonId: held });
    const heldHousehold = await closedContact({ finalAt: tenYearsAgo(), outcome: 'nfa', householdPersonId: held });
    const recent = await closedContact({ finalAt: lastYear(), outcome: 'nfa' });
    const referralChildStillYoung = await closedContact({ finalAt: tenYearsAgo(), outcome: 'early_help', childDob: '2012-01-01' });
    const open = (await createContact(ds, { receivedAt: tenYearsAgo() })).contact.id;
    expect((await hold(held, '', 'Care proceedings')).status).toBe(201);

    // Whatever ids it is handed, the purge function (the only way the application's role can delete
    // a decision) deletes only what the database's own periods and holds allow.
    const appUrl = new URL(TEST_DATABASE_URL);
    appUrl.username = 'mash_app';
    const app = new Client({ connectionString: appUrl.toString() });
    await app.connect();
    try {
      const refused = await app.query('SELECT retention_purge_contacts($1::uuid[]) AS result', [[heldChild, heldHousehold, recent, referralChildStillYoung, open]]);
      expect(refused.rows[0].result).toEqual({ contactIds: [], counts: {} });
    } finally {
      await app.end();
    }

    const plan = await retention.plan();
    expect(plan.contactIds).toEqual(expect.arrayContaining([expiredNfa, expiredReferral]));
    for (const kept of [heldChild, heldHousehold, recent, referralChildStillYoung, open]) expect(plan.contactIds).not.toContain(kept);

    const run = await retention.purge();
    expect([...run.contactIds].sort()).toEqual([...plan.contactIds].sort());
    expect([...run.feedbackIds].sort()).toEqual([...plan.feedbackIds].sort());
    const all = [expiredNfa, expiredReferral, heldChild, heldHousehold, recent, referralChildStillYoung, open];
    expect(await contactsLeft(all)).toEqual([heldChild, heldHousehold, recent, referralChildStillYoung, open].sort());
    expect(await ds.query('SELECT 1 FROM threshold_decision WHERE contact_id = ANY($1::uuid[])', [[expiredNfa, expiredReferral]])).toEqual([]);
    expect(await ds.query('SELECT 1 FROM contact_subject WHERE contact_id = ANY($1::uuid[])', [[expiredNfa, expiredReferral]])).toEqual([]);
    expect(await ds.query('SELECT 1 FROM person WHERE id = $1', [orphan])).toEqual([]);
    expect(await ds.query('SELECT 1 FROM person WHERE id = $1', [held])).toHaveLength(1);

    const [audited] = await ds.query(
      `SELECT summary FROM audit_event WHERE action = 'retention.purged' AND summary->>'recordKind' = 'contacts' AND summary->'contactIds' ? $1 ORDER BY seq DESC LIMIT 1`,
      [expiredNfa],
    );
    expect(audited.summary.contactIds).toEqual(expect.arrayContaining([expiredNfa, expiredReferral]));
    expect(audited.summary.counts.contact).toBeGreaterThanOrEqual(2);
    expect(audited.summary.counts.threshold_decision).toBeGreaterThanOrEqual(2);

    await api.app.get(AuditSealerService).sealAll();
    const verify = await api.http.get('/api/v1/audit-events/verify').set('Authorization', `Bearer ${await api.tokenFor('auditor')}`);
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });

    // Once the hold is lifted, the held child's records go at the next purge.
    expect((await hold(held, '/lift', 'Proceedings concluded')).status).toBe(200);
    expect((await retention.plan()).contactIds).toEqual(expect.arrayContaining([heldChild, heldHousehold]));
    await retention.purge();
    expect(await contactsLeft(all)).toEqual([recent, referralChildStillYoung, open].sort());
  });
});
