import { randomBytes } from 'node:crypto';
import { variedContact } from '../factories/contact-bodies';
import { waitFor } from '../utils/test-app';
import { call, login } from './support/http';
import { faultHarness, startServices } from './support/fault-harness';
import { ServiceProcess, startWorker, uniquePrefix } from './support/processes';

const CONTACTS = 8;

/**
 * SPEC FB-1, REL-3: contacts arrive while no worker runs, so the worker that starts takes their
 * acknowledgements as one batch, and is killed with SIGKILL while the SMTP server holds one of those
 * e-mails without answering (it has the message; the worker has not heard). Started again, the
 * worker leaves exactly one acknowledgement per contact, and the SMTP server has at most one message
 * for each: the held one is never sent again but marked for a person to check.
 */
describe('Acknowledgements: kill -9 the worker while it sends a batch of them', () => {
  const prefix = uniquePrefix('kill-acks');
  const harness = faultHarness();

  it('leaves one acknowledgement per contact and at most one SMTP message each', async () => {
    const { smtp, db } = harness;
    const { port, env } = await startServices(smtp, { queuePrefix: prefix, worker: false });
    const token = await login(port, 'referrer');
    const referrers: string[] = [];
    const contactIds: string[] = [];
    for (let i = 0; i < CONTACTS; i++) {
      const email = `dsl.${randomBytes(4).toString('hex')}@riverside.localhost`;
      const body = { ...variedContact(), referrer: { name: 'Dee Ess-Ell', role: 'Designated Safeguarding Lead', organisation: 'Riverside Primary School', email } };
      const res = await call(port, 'POST', '/api/v1/contacts', { token, body });
      expect(res.status).toBe(201);
      referrers.push(email);
      contactIds.push((res.body as { id: string }).id);
    }

    // The server keeps the third contact's acknowledgement but never answers; the worker dies then.
    const held = referrers[2];
    let killed: Promise<void> | undefined;
    let worker: ServiceProcess = startWorker(env);
    const crashed = worker;
    smtp.holdReplyTo(held, () => {
      killed = crashed.kill9();
    });
    await waitFor(async () => killed !== undefined, 60_000, 'the worker to be killed mid-send').catch((error: Error) => {
      throw new Error(`${error.message}: the SMTP server has ${smtp.messages.length} messages; worker output ${crashed.logPath}`);
    });
    await killed;

    const acknowledgements = async () =>
      (
        await db.query(
          `SELECT f.id, f.contact_id, f.created_at, m.recipient_email, m.message_id, m.status, m.attempts, m.last_error
             FROM feedback f JOIN outbound_message m ON m.about_type = 'feedback' AND m.about_id = f.id
            WHERE f.kind = 'acknowledgement' AND f.contact_id = ANY($1)`,
          [contactIds],
        )
      ).rows;
    const atCrash = await acknowledgements();
    // All of them were written before any was sent, in one transaction: one batch job.
    expect(atCrash).toHaveLength(CONTACTS);
    expect(new Set(atCrash.map((r) => r.created_at.toISOString())).size).toBe(1);
    const heldRow = atCrash.find((r) => r.recipient_email === held)!;
    expect(heldRow.status).toBe('sending');
    expect(smtp.withMessageId(heldRow.message_id)).toHaveLength(1);

    worker = startWorker(env);
    // BullMQ hands the killed worker's jobs out again once their locks have expired and the stalled
    // checks have found them: up to 90 s after the kill.
    const settled = await waitFor(async () => {
      const rows = await acknowledgements();
      return rows.length === CONTACTS && rows.every((r) => r.status !== 'pending' && r.status !== 'sending') && rows;
    }, 150_000, 'every acknowledgement to be sent or settled');
    // Nothing more arrives afterwards.
    await new Promise((r) => setTimeout(r, 2000));

    // Exactly one acknowledgement per contact, each with one e-mail.
    expect(settled.map((r) => r.contact_id).sort()).toEqual([...contactIds].sort());
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM feedback WHERE kind = 'acknowledgement' AND contact_id = ANY($1)`, [contactIds])).rows;
    expect(n).toBe(CONTACTS);
    // At most one SMTP message each, per address and per Message-ID; a sent one arrived exactly once.
    for (const email of referrers) expect(smtp.to(email).length).toBeLessThanOrEqual(1);
    for (const r of settled) {
      expect(smtp.withMessageId(r.message_id).length).toBeLessThanOrEqual(1);
      if (r.status === 'sent') expect(smtp.withMessageId(r.message_id)).toHaveLength(1);
    }
    // The held one is not sent again: it waits for a person to check the server's log.
    const heldAfter = settled.find((r) => r.recipient_email === held)!;
    expect(heldAfter).toMatchObject({ status: 'failed', attempts: 1 });
    expect(heldAfter.last_error).toMatch(/^Not confirmed/);
    expect(smtp.to(held)).toHaveLength(1);
    worker.signal('SIGTERM');
  }, 240_000);
});
