import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StepDownsService } from '../../src/modules/step-downs/step-downs.service';
import { createContact } from '../factories/contact-factory';
import { startApi, TestApi } from '../utils/test-app';

/** SPEC STEP-2: past the hard limit with no acceptance, the child is re-queued automatically, exactly once. */
describe('Step-down hard limit sweep (SPEC STEP-2, RAG-5)', () => {
  let api: TestApi;
  let ds: DataSource;
  let stepDowns: StepDownsService;

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    stepDowns = api.app.get(StepDownsService);
  });
  afterAll(() => api.close());

  it('no acceptance after the hard limit re-queues the child exactly once (sweep run twice, and twice at once)', async () => {
    const [eh] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`);
    const { contact, subjects } = await createContact(ds, { subjects: [{ personId: randomUUID() }] });
    const token = await api.tokenFor('mash_worker');
    const proposed = await api.http.post('/api/v1/step-downs').set('Authorization', `Bearer ${token}`).send({
      subjectId: subjects[0].id, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Handover', reviewDate: '2027-01-15',
      plan: { actions: [{ action: 'Visit', owner: 'EH', successCriteria: 'Seen' }] },
    });
    expect(proposed.status).toBe(201);
    // Both clocks run on the shared SLA clocks (config/sla.yaml): acceptance first, then the hard limit.
    expect(new Date(proposed.body.hardLimitAt).getTime()).toBeGreaterThan(new Date(proposed.body.acceptanceDueAt).getTime());
    expect(new Date(proposed.body.acceptanceDueAt).getTime()).toBeGreaterThan(Date.now() + 4 * 86_400_000);
    const clocks = await ds.query(`SELECT kind FROM sla_clock WHERE target_type = 'step_down' AND target_id = $1 AND met_at IS NULL AND cancelled_at IS NULL ORDER BY kind`, [proposed.body.id]);
    expect(clocks.map((c: { kind: string }) => c.kind)).toEqual(['step_down_acceptance', 'step_down_hard_limit']);
    // Another step-down, not yet past its limit, must be left alone.
    const other = await createContact(ds, { subjects: [{ personId: randomUUID() }] });
    const waiting = await api.http.post('/api/v1/step-downs').set('Authorization', `Bearer ${token}`).send({
      subjectId: other.subjects[0].id, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Handover', reviewDate: '2027-01-15',
      plan: { actions: [{ action: 'Visit', owner: 'EH', successCriteria: 'Seen' }] },
    });
    expect(waiting.status).toBe(201);
    await ds.query(`UPDATE step_down SET hard_limit_at = now() + interval '3 days' WHERE id = $1`, [waiting.body.id]);
    await ds.query(`UPDATE step_down SET hard_limit_at = now() - interval '1 minute' WHERE id = $1`, [proposed.body.id]);

    const first = await Promise.all([stepDowns.sweepHardLimit(), stepDowns.sweepHardLimit()]);
    const second = await stepDowns.sweepHardLimit();
    expect(first.reduce((a, b) => a + b, 0)).toBe(1);
    expect(second).toBe(0);

    const [row] = await ds.query('SELECT status, requeue_reason, requeue_contact_id, requeued_at FROM step_down WHERE id = $1', [proposed.body.id]);
    expect(row).toMatchObject({ status: 'requeued', requeue_reason: 'hard_limit' });
    const requeued = await ds.query(
      `SELECT c.id, c.channel, c.referrer_what_should_happen FROM contact c JOIN contact_subject s ON s.contact_id = c.id
        WHERE s.person_id = $1 AND c.id <> $2`,
      [subjects[0].personId, contact.id],
    );
    expect(requeued).toHaveLength(1);
    expect(requeued[0]).toMatchObject({ id: row.requeue_contact_id, channel: 'early_help_step_up' });
    expect(requeued[0].referrer_what_should_happen).toContain(contact.reference);
    expect(await ds.query(`SELECT 1 FROM outbox WHERE queue = 'triage' AND job_id = $1`, [`triage.${row.requeue_contact_id}`])).toHaveLength(1);

    const running = await ds.query(`SELECT kind FROM sla_clock WHERE target_type = 'step_down' AND target_id = $1 AND met_at IS NULL AND cancelled_at IS NULL`, [proposed.body.id]);
    expect(running).toEqual([]);
    const [untouched] = await ds.query('SELECT status, requeued_at FROM step_down WHERE id = $1', [waiting.body.id]);
    expect(untouched).toEqual({ status: 'pending_acceptance', requeued_at: null });
    // Accepting after the automatic re-queue is refused.
    const late = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/accept`).set('Authorization', `Bearer ${await api.tokenFor('earlyhelp@mash.localhost')}`);
    expect(late.status).toBe(409);
  });
});
