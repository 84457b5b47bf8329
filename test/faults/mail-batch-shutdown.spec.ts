import { variedContact } from '../factories/contact-bodies';
import { waitFor } from '../utils/test-app';
import { call, login } from './support/http';
import { faultHarness, startServices } from './support/fault-harness';
import { startWorker, uniquePrefix } from './support/processes';

/**
 * SPEC REL-6, REL-3: SIGTERM to the worker while it delivers a batch of e-mail (a step-down's
 * notices, written together, go as one mail job). The send under way finishes and is recorded; the
 * batch's messages not begun are left to jobs of their own instead of holding the shutdown, and a
 * restarted worker sends each of them once.
 */
describe('Outbound mail: SIGTERM to the worker in the middle of a batch', () => {
  const prefix = uniquePrefix('mail-batch-term');
  const harness = faultHarness();

  it('the send under way is recorded, the rest wait for the next worker, and each message goes once', async () => {
    const { smtp, db } = harness;
    const started = await startServices(smtp, { queuePrefix: prefix });
    const { port, env } = started;
    const worker = started.worker!;

    const body = variedContact();
    body.subjects[0] = { ...body.subjects[0], gpPractice: 'Hillview Surgery', school: 'Riverside Primary School' } as (typeof body.subjects)[0];
    const contact = await call(port, 'POST', '/api/v1/contacts', { token: await login(port, 'referrer'), body });
    expect(contact.status).toBe(201);
    const contactId = (contact.body as { id: string }).id;
    const { rows: [subject] } = await db.query('SELECT id FROM contact_subject WHERE contact_id = $1', [contactId]);
    const { rows: [eh] } = await db.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`);
    const proposed = await call(port, 'POST', '/api/v1/step-downs', {
      token: await login(port, 'mash_worker'),
      body: { subjectId: subject.id, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Handover', reviewDate: '2027-01-15', plan: { actions: [{ action: 'Visit', owner: 'EH', successCriteria: 'Seen' }] } },
    });
    expect(proposed.status).toBe(201);
    const stepDownId = (proposed.body as { id: string }).id;

    const notices = async () =>
      (await db.query(`SELECT id, status, attempts, message_id FROM outbound_message WHERE purpose = 'step_down.notice' AND about_id = $1 ORDER BY id`, [stepDownId])).rows as { id: string; status: string; attempts: number; message_id: string }[];
    // The first notice to reach the server is answered only once the worker has been told to stop.
    let first: string | undefined;
    smtp.holdNextReply((mail) => mail.headers['x-mash-step-down-id'] === stepDownId, (mail, answer) => {
      first = mail.messageId;
      worker.signal('SIGTERM');
      setTimeout(answer, 1500);
    });
    const accepted = await call(port, 'POST', `/api/v1/step-downs/${stepDownId}/accept`, { token: await login(port, 'earlyhelp@mash.localhost') });
    expect(accepted.status).toBe(200);

    const exit = await waitFor(async () => (first ? worker.waitExit(20_000) : null), 30_000, 'a notice to reach the server');
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    const atExit = await notices();
    expect(atExit.length).toBeGreaterThanOrEqual(2);
    // Only the notice under way was sent, and it was recorded: none is left `sending` (a person's check).
    expect(atExit.filter((n) => n.status === 'sent').map((n) => n.message_id)).toEqual([first]);
    expect(atExit.filter((n) => n.status !== 'sent').map((n) => [n.status, n.attempts])).toEqual(atExit.slice(1).map(() => ['pending', 0]));
    expect(smtp.messages.filter((m) => atExit.some((n) => n.message_id === m.messageId))).toHaveLength(1);

    startWorker(env);
    const after = await waitFor(async () => {
      const rows = await notices();
      return rows.every((n) => n.status === 'sent') ? rows : null;
    }, 60_000, 'the notices left by the stopped worker to be sent');
    for (const n of after) {
      expect(n.attempts).toBe(1);
      expect(smtp.withMessageId(n.message_id)).toHaveLength(1);
    }
  }, 180_000);
});
