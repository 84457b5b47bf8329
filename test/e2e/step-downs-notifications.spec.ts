import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AcceptanceNotifier } from '../../src/modules/step-downs/jobs/acceptance-notifier';
import { createContact } from '../factories/contact-factory';
import { SmtpCapture } from '../utils/smtp-capture';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/** SPEC STEP-2: on acceptance the GP, the school and the referrer are told who the lead professional is (real SMTP). */
describe('Step-down acceptance notices (SPEC STEP-2)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let smtp: SmtpCapture;
  let ds: DataSource;
  const previousSmtp = process.env.SMTP_URL;

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    process.env.SMTP_URL = smtp.url;
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.close();
    process.env.SMTP_URL = previousSmtp;
  });

  it('the GP practice, the school and the referrer each get one message naming the lead professional; the worker never sends twice', async () => {
    const [rita] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'referrer@mash.localhost'`);
    const [eh] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`);
    const { contact, subjects } = await createContact(ds, {
      submittedByUserId: rita.id, submittedByAgencyId: rita.agency_id,
      subjects: [{ personId: randomUUID(), firstName: 'Amy', lastName: 'Family', gpPractice: 'Hillview Surgery', school: 'Riverside Primary School' }],
    });
    const proposed = await api.http.post('/api/v1/step-downs').set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`).send({
      subjectId: subjects[0].id, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Handover', reviewDate: '2027-01-15',
      plan: { actions: [{ action: 'Visit', owner: 'EH', successCriteria: 'Seen' }] },
    });
    expect(proposed.status).toBe(201);
    const accepted = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/accept`).set('Authorization', `Bearer ${await api.tokenFor('earlyhelp@mash.localhost')}`);
    expect(accepted.status).toBe(200);

    const mine = () => smtp.messages.filter((m) => m.headers['x-mash-step-down-id'] === proposed.body.id);
    await waitFor(async () => mine().length === 3, 20_000, 'three notices');
    const byRecipient = Object.fromEntries(mine().map((m) => [m.to[0], m]));
    expect(Object.keys(byRecipient).sort()).toEqual(['dsl@riverside-school.localhost', 'referrer@mash.localhost', 'safeguarding@hillview-gp.localhost']);
    for (const m of mine()) {
      expect(m.text).toContain('Lead professional: Eli Early Help, Northshire Early Help Service (earlyhelp@mash.localhost)');
      expect(m.text).toContain(contact.reference);
      expect(m.text).not.toContain('Amy');
    }
    // The server's acceptance is recorded just after the server has the message: wait for the rows to settle.
    const settled = async () => {
      const rows = await ds.query('SELECT audience, status FROM step_down_notification WHERE step_down_id = $1 ORDER BY audience', [proposed.body.id]);
      return rows.every((r: { status: string }) => r.status !== 'pending' && r.status !== 'sending') && rows;
    };
    const rows = await waitFor(settled, 10_000, 'the notices to be recorded');
    expect(rows).toEqual([{ audience: 'gp', status: 'sent' }, { audience: 'referrer', status: 'sent' }, { audience: 'school_setting', status: 'sent' }]);
    // A re-run of the job (a retry after a crash) sends nothing more.
    expect(await worker.get(AcceptanceNotifier).notify(proposed.body.id)).toEqual({ sent: 0, noAddress: 0 });
    expect(mine()).toHaveLength(3);
  });
});
