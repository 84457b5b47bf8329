import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { FeedbackService } from '../../src/modules/feedback/feedback.service';
import { FeedbackWriter } from '../../src/modules/feedback/feedback-writer';
import { MailDelivery } from '../../src/modules/mail/jobs/mail-delivery';
import { MAIL_SENDS_AT_ONCE } from '../../src/modules/mail/mailer.service';
import { OutboxRelayService } from '../../src/queue/outbox-relay.service';
import { OutboxService } from '../../src/queue/outbox.service';
import { QUEUES } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { agencyByName, createReferral, uniqueEmail } from '../factories/feedback-factory';
import { SmtpCapture } from '../utils/smtp-capture';
import { statementsOf } from '../utils/statement-count';
import { startWorker, waitFor } from '../utils/test-app';

/**
 * Acknowledgements of many contacts at once (SPEC FB-1, PERF-3): the intake's `acknowledge` rows that
 * the relay claims together reach the worker as one job, written in one transaction whose statements
 * do not grow with the number of contacts, and each contact is still acknowledged once, with one
 * e-mail, however often its job runs.
 */
describe('Acknowledgements in batches (SPEC FB-1)', () => {
  let smtp: SmtpCapture;
  let worker: INestApplicationContext;
  let ds: DataSource;
  const previousSmtp = process.env.SMTP_URL;

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    process.env.SMTP_URL = smtp.url;
    worker = await startWorker();
    ds = worker.get(DataSource);
  });

  afterAll(async () => {
    // Leave nothing in flight for the next test file's worker.
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM outbound_message WHERE about_type = 'feedback' AND status IN ('pending', 'sending')`))[0].n === 0, 20_000, 'acknowledgements to settle').catch(() => undefined);
    await worker?.close();
    await smtp?.close();
    process.env.SMTP_URL = previousSmtp;
  });

  /**
   * Professional referrals, each with its own referrer address, committed together; `acknowledge`
   * rows only when asked, and then also one for each id of `gone` (contacts that do not exist).
   */
  async function referrals(n: number, acknowledge: boolean, gone: string[] = []): Promise<{ contactId: string; email: string }[]> {
    const school = await agencyByName(ds, 'Riverside Primary School');
    return ds.transaction(async (em) => {
      const made = [];
      for (let i = 0; i < n; i++) {
        const email = uniqueEmail('dsl', 'riverside-school.localhost');
        const { contact } = await createReferral(em, worker.get(OutboxService), {
          submittedByAgencyId: school.id,
          referrer: { name: 'Dana Lead', role: 'Designated Safeguarding Lead', organisation: 'Riverside Primary School', email },
          acknowledge,
        });
        made.push({ contactId: contact.id, email });
      }
      if (acknowledge) await worker.get(OutboxService).add(em, ...gone.map((id) => ({ queue: QUEUES.feedback, jobName: 'acknowledge', jobId: `ack.${id}`, payload: { contactId: id } })));
      return made;
    });
  }

  const finishedJob = (id: string) =>
    waitFor(async () => {
      const job = await worker.get(QueueRegistry).get(QUEUES.feedback).getJob(id);
      return job?.finishedOn ? job : null;
    }, 20_000, `feedback job ${id} to finish`);

  /** Per contact: its acknowledgement rows, their e-mails, the e-mails' states and the `feedback.created` events. */
  async function acknowledgementsOf(contactIds: string[]) {
    return ds.query(
      `SELECT f.contact_id AS "contactId", count(DISTINCT f.id)::int AS rows, count(DISTINCT m.id)::int AS messages,
              array_agg(DISTINCT m.status) AS statuses, array_agg(DISTINCT m.message_id) AS "messageIds",
              (SELECT count(*)::int FROM audit_event a WHERE a.action = 'feedback.created' AND a.entity_id = ANY(array_agg(f.id::text))) AS created
         FROM feedback f LEFT JOIN outbound_message m ON m.about_type = 'feedback' AND m.about_id = f.id
        WHERE f.kind = 'acknowledgement' AND f.contact_id = ANY($1) GROUP BY f.contact_id`,
      [contactIds],
    ) as Promise<{ contactId: string; rows: number; messages: number; statuses: string[]; messageIds: string[]; created: number }[]>;
  }

  it('a batch acknowledge job writes one acknowledgement per contact and one e-mail each, and running it again writes nothing new', async () => {
    const gone = randomUUID();
    // Rows other test files left pending would join the batch: relay them first.
    await worker.get(OutboxRelayService).drain();
    const made = await referrals(6, true, [gone]);
    const ids = made.map((m) => m.contactId);

    // The seven rows were committed together, so the relay claims them together: one job for all.
    const job = await finishedJob(`ack.${ids[0]}.batch-of-7`);
    expect(job.data.batch.map((p: { contactId: string }) => p.contactId)).toEqual([...ids, gone]);
    expect(job.returnvalue).toEqual({ written: 6, existing: 0, missing: 1 });
    const sent = await waitFor(async () => {
      const rows = await acknowledgementsOf(ids);
      return rows.length === ids.length && rows.every((r) => r.statuses.join() === 'sent') && rows;
    }, 20_000, 'every acknowledgement to be sent');
    for (const row of sent) {
      expect(row).toMatchObject({ rows: 1, messages: 1, created: 1 });
      expect(smtp.withMessageId(row.messageIds[0])).toHaveLength(1);
    }
    for (const { email } of made) expect(smtp.to(email)).toHaveLength(1);

    // The same contacts again under other job ids, as a relay that crashed after queueing might claim them.
    await ds.transaction((em) =>
      worker.get(OutboxService).add(em, ...ids.map((id) => ({ queue: QUEUES.feedback, jobName: 'acknowledge', jobId: `ack.${id}.again`, payload: { contactId: id } }))),
    );
    const again = await finishedJob(`ack.${ids[0]}.again.batch-of-6`);
    expect(again.returnvalue).toEqual({ written: 0, existing: 6, missing: 0 });
    expect(await acknowledgementsOf(ids)).toEqual(expect.arrayContaining(sent));
    expect(await acknowledgementsOf(ids)).toHaveLength(ids.length);
    const [{ n: sendJobs }] = await ds.query(`SELECT count(*)::int AS n FROM outbox o JOIN outbound_message m ON o.payload->>'messageId' = m.id::text JOIN feedback f ON f.id = m.about_id WHERE f.contact_id = ANY($1)`, [ids]);
    expect(sendJobs).toBe(ids.length);
    for (const { email } of made) expect(smtp.to(email)).toHaveLength(1);
  });

  it('forty referrers acknowledged at once each get one e-mail, sent side by side over connections the SMTP server sees reused', async () => {
    const made = await referrals(40, true);
    const ids = made.map((m) => m.contactId);
    const sent = await waitFor(async () => {
      const rows = await acknowledgementsOf(ids);
      return rows.length === ids.length && rows.every((r) => r.statuses.join() === 'sent') && rows;
    }, 60_000, 'every acknowledgement to be sent');

    // Each referrer has exactly one e-mail, and each Message-ID arrived once.
    for (const { email } of made) expect(smtp.to(email)).toHaveLength(1);
    for (const row of sent) expect(smtp.withMessageId(row.messageIds[0])).toHaveLength(1);
    const [{ attempts }] = await ds.query(
      `SELECT array_agg(DISTINCT m.attempts) AS attempts FROM outbound_message m JOIN feedback f ON m.about_type = 'feedback' AND m.about_id = f.id WHERE f.contact_id = ANY($1)`,
      [ids],
    );
    expect(attempts).toEqual([1]);
    // Several deliveries at once (the mail queue runs MAIL_SENDS_AT_ONCE), over pooled connections
    // that each carry many e-mails, not a connection, greeting and EHLO per e-mail.
    expect(MAIL_SENDS_AT_ONCE).toBeGreaterThan(1);
    const sessions = new Set(made.map(({ email }) => smtp.to(email)[0].session));
    expect(sessions.size).toBeGreaterThan(1);
    expect(sessions.size).toBeLessThan(made.length / 2);
  });

  it('acknowledge jobs that reach the worker while another is being written are written together, in one transaction, each contact once', async () => {
    const made = await referrals(7, false);
    const [first, ...rest] = made.map((m) => m.contactId);
    const queue = worker.get(QueueRegistry).get(QUEUES.feedback);
    // Another session holds the first contact's row, so the first job's transaction waits on it.
    const locker = ds.createQueryRunner();
    await locker.connect();
    try {
      await locker.startTransaction();
      await locker.query(`SELECT 1 FROM contact WHERE id = $1 FOR UPDATE`, [first]);
      await queue.add('acknowledge', { contactId: first }, { jobId: `ack.${first}.held` });
      await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO%feedback%'`))[0].n > 0, 20_000, 'the first job to wait on the held row');
      // Six jobs of one contact each, as the relay hands over rows it claims one by one.
      await queue.addBulk(rest.map((id) => ({ name: 'acknowledge', data: { contactId: id }, opts: { jobId: `ack.${id}.alone` } })));
      await waitFor(async () => (await Promise.all(rest.map(async (id) => (await queue.getJob(`ack.${id}.alone`))?.isActive()))).every(Boolean), 20_000, 'the six jobs to be taken by the worker');
      // Active in Redis as soon as the worker took them; a moment more for its processor to have them in hand.
      await new Promise((resolve) => setTimeout(resolve, 250));
      await locker.commitTransaction();
    } finally {
      await locker.release();
    }
    for (const id of [first, ...rest]) expect((await finishedJob(`ack.${id}.${id === first ? 'held' : 'alone'}`)).returnvalue).toEqual({ written: 1, existing: 0, missing: 0 });

    // A transaction's rows share its start time: the six were written by one transaction, after the first's.
    const rows: { contactId: string; createdAt: Date }[] = await ds.query(`SELECT contact_id AS "contactId", created_at AS "createdAt" FROM feedback WHERE kind = 'acknowledgement' AND contact_id = ANY($1)`, [[first, ...rest]]);
    expect(rows).toHaveLength(7);
    const at = (id: string) => rows.find((r) => r.contactId === id)!.createdAt.getTime();
    expect(new Set(rest.map(at)).size).toBe(1);
    expect(at(rest[0])).toBeGreaterThan(at(first));
    for (const { email } of made) await waitFor(async () => smtp.to(email).length === 1, 20_000, 'the acknowledgement e-mail');
  });

  it('acknowledging twenty contacts takes the statements acknowledging one takes, and a send is marked, then recorded and let go, in one statement each', async () => {
    const made = await referrals(21, false);
    const feedback = worker.get(FeedbackService);
    const one = await statementsOf(() => feedback.createAcknowledgements([made[0].contactId]));
    const twenty = await statementsOf(() => feedback.createAcknowledgements(made.slice(1).map((m) => m.contactId)));
    expect([...one.result.values()]).toEqual(['written']);
    expect([...twenty.result.values()]).toEqual(Array(20).fill('written'));
    expect(twenty.statements).toHaveLength(one.statements.length);
    expect(one.statements.filter((s) => /^INSERT INTO (feedback|outbound_message|outbox|audit_event)\b/.test(s)).map((s) => s.split(' ')[2])).toEqual(['feedback', 'outbound_message', 'outbox', 'audit_event']);

    // A message whose send job is gone (so that only this call sends it).
    const lone = (await referrals(1, false))[0];
    const row = await ds.transaction(async (em) => {
      const composed = (await feedback.composeAcknowledgement(em, lone.contactId))!;
      const [{ feedback: written }] = await worker.get(FeedbackWriter).insert(em, SYSTEM_ACTOR, [composed]);
      await em.query(`DELETE FROM outbox WHERE job_id LIKE $1`, [`mail.${written.outboundMessageId}.%`]);
      return written;
    });
    const delivery = await statementsOf(() => worker.get(MailDelivery).deliver(row.outboundMessageId!, 1));
    expect(delivery.result).toBe('sent');
    // The whole attempt is two statements: the lock and mark, then the record, which drops the lock.
    expect(delivery.statements).toHaveLength(2);
    expect(delivery.statements[0]).toMatch(/pg_try_advisory_lock.*SET status = 'sending'/);
    expect(delivery.statements[1]).toMatch(/UPDATE outbound_message.*INSERT INTO audit_event.*pg_advisory_unlock/);
    const [{ free }] = await ds.query(`SELECT count(*)::int = 0 AS free FROM pg_locks WHERE locktype = 'advisory' AND classid::int = hashtext('mash.mail.delivery') AND objid::int = hashtext($1)`, [row.outboundMessageId]);
    expect(free).toBe(true);
    expect(smtp.withMessageId(row.messageId)).toHaveLength(1);
    const [{ status, n }] = await ds.query(
      `SELECT m.status, (SELECT count(*)::int FROM audit_event a WHERE a.action = 'feedback.message_sent' AND a.entity_id = $2) AS n FROM outbound_message m WHERE m.id = $1`,
      [row.outboundMessageId, row.id],
    );
    expect({ status, n }).toEqual({ status: 'sent', n: 1 });
  });
});
