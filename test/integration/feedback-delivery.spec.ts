import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FeedbackRecord } from '../../src/modules/feedback/feedback-record';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { FeedbackService } from '../../src/modules/feedback/feedback.service';
import { FeedbackWriter } from '../../src/modules/feedback/feedback-writer';
import { UNCONFIRMED_NOTE } from '../../src/modules/mail/domain/outbound-message-vocabulary';
import { MailDelivery } from '../../src/modules/mail/jobs/mail-delivery';
import { MailSweep } from '../../src/modules/mail/jobs/mail-sweep';
import { Mailer } from '../../src/modules/mail/mailer.service';
import { OutboxService } from '../../src/queue/outbox.service';
import { QUEUES } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { agencyByName, createReferral, uniqueEmail } from '../factories/feedback-factory';
import { feedbackConfigWith } from '../utils/feedback-test-config';
import { CrashingMailer } from '../utils/crashing-mailer';
import { oneFeedback } from '../utils/feedback-rows';
import { SmtpCapture } from '../utils/smtp-capture';
import { startWorker, waitFor } from '../utils/test-app';

/**
 * Delivery of feedback over real SMTP (SPEC FB-4, REL-3): retries with backoff, final failure, never
 * twice. The worker runs in this process against an SMTP server in this process; the delivery
 * policy is shortened through the real configuration loader (3 attempts, 0.2 s apart).
 */
describe('Feedback delivery over SMTP (SPEC FB-4, REL-3)', () => {
  let smtp: SmtpCapture;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let config: { dir: string; remove(): void };
  const previous = { SMTP_URL: process.env.SMTP_URL, CONFIG_DIR: process.env.CONFIG_DIR };

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    config = feedbackConfigWith({ maxAttempts: 3, backoffSeconds: [0.2] });
    process.env.SMTP_URL = smtp.url;
    process.env.CONFIG_DIR = config.dir;
    worker = await startWorker((m) => m.overrideProvider(Mailer).useClass(CrashingMailer));
    ds = worker.get(DataSource);
  });

  /**
   * Test files share one database, and the workers of earlier files leave e-mail behind: intake
   * writes an `acknowledge` event per contact, and messages those workers could not deliver (no SMTP
   * server in their files) wait for a retry scheduled up to an hour ahead. This worker delivers all of
   * it to this file's SMTP server. Each refusal a test sets up is therefore for the test's own
   * recipient, and each test starts once the work that is due now has been delivered. Retries due
   * later are not waited for: the configured backoff would outlast any wait.
   */
  beforeEach(async () => {
    const queues = [QUEUES.feedback, QUEUES.mail].map((q) => worker.get(QueueRegistry).get(q));
    await waitFor(async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = ANY($1) AND dispatched_at IS NULL AND available_at <= now()`, [[QUEUES.feedback, QUEUES.mail]]);
      let jobs = 0;
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
        jobs += counts.waiting + counts.active + counts.prioritized;
      }
      return n + jobs === 0 || null;
    }, 60_000, 'the feedback and e-mail due now, left by earlier test files, to be delivered');
  });

  afterAll(async () => {
    await worker?.close();
    await smtp?.close();
    config?.remove();
    Object.assign(process.env, previous);
  });

  const referrerEmail = () => uniqueEmail('dsl', 'riverside-school.localhost');

  /** A professional referral whose intake wrote the `acknowledge` event; the worker does the rest. */
  async function referral(options: { acknowledge?: boolean; email?: string } = {}): Promise<{ contactId: string; email: string }> {
    const email = options.email ?? referrerEmail();
    const school = await agencyByName(ds, 'Riverside Primary School');
    const { contact } = await ds.transaction((em) =>
      createReferral(em, worker.get(OutboxService), {
        submittedByAgencyId: school.id,
        referrer: { name: 'Dana Lead', role: 'Designated Safeguarding Lead', organisation: 'Riverside Primary School', email },
        acknowledge: options.acknowledge ?? true,
      }),
    );
    return { contactId: contact.id, email };
  }

  /** The acknowledgement row and its e-mail, whose job is lost (as when Redis loses its data): only a direct call or the sweep sends it. */
  const ackWithoutJob = (contactId: string) =>
    ds.transaction(async (em) => {
      const row = (await worker.get(FeedbackService).composeAcknowledgement(em, contactId))!;
      const [{ feedback }] = await worker.get(FeedbackWriter).insert(em, SYSTEM_ACTOR, [row]);
      await em.query(`DELETE FROM outbox WHERE job_id LIKE $1`, [`mail.${feedback.outboundMessageId}.%`]);
      return feedback;
    });
  const ack = (contactId: string) => oneFeedback(worker, { dedupeKey: `ack:${contactId}` });
  const ackWhen = (contactId: string, done: (f: FeedbackRecord) => boolean, what: string) =>
    waitFor(async () => {
      const row = await ack(contactId);
      return row && done(row) ? row : null;
    }, 20_000, what);
  /** The finished mail job whose batch carried `messageId` (for `attempt`, when given); its id depends on what the relay claimed with it. */
  const finishedBatchCarrying = async (messageId: string, attempt?: number) => {
    const jobs = await worker.get(QueueRegistry).get(QUEUES.mail).getJobs(['completed'], 0, 1000);
    const carries = (b: { messageId: string; attempt: number }) => b.messageId === messageId && (attempt === undefined || b.attempt === attempt);
    return jobs.find((j) => Array.isArray(j.data?.batch) && j.data.batch.some(carries)) ?? null;
  };
  const batchCarrying = (messageId: string, attempt?: number) =>
    waitFor(() => finishedBatchCarrying(messageId, attempt), 10_000, `the batch carrying message ${messageId} to finish`);
  /**
   * Whether the send job `jobId` (for `messageId`'s `attempt`) has finished: as a job of its own or,
   * when the relay claimed its outbox row with other messages' (an earlier file's retry coming due,
   * say), in their batch.
   */
  const sendFinished = async (jobId: string, messageId: string, attempt: number) =>
    !!(await worker.get(QueueRegistry).get(QUEUES.mail).getJob(jobId))?.finishedOn || !!(await finishedBatchCarrying(messageId, attempt));
  /**
   * Another session takes the message's delivery lock, as a worker in the middle of an attempt holds
   * it (the protocol's key, spelled out: the test checks the protocol from outside); the returned
   * function lets it go.
   */
  async function lockedElsewhere(messageId: string): Promise<() => Promise<void>> {
    const other = ds.createQueryRunner();
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('mash.mail.delivery'), hashtext($1))`, [messageId]);
    } catch (error) {
      await other.release();
      throw error;
    }
    return async () => {
      try {
        await other.query(`SELECT pg_advisory_unlock(hashtext('mash.mail.delivery'), hashtext($1))`, [messageId]);
      } finally {
        await other.release();
      }
    };
  }
  const auditCount = async (id: string, action: string) =>
    (await ds.query('SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = $2', [id, action]))[0].n as number;

  it('SMTP not available (421) for the first two attempts -> sent once, on the third', async () => {
    const refusedBefore = smtp.refused;
    const email = referrerEmail();
    smtp.rejectNext(2, { stage: 'rcpt', code: 421, to: email });
    const { contactId } = await referral({ email });

    const row = await ackWhen(contactId, (f) => f.status === 'sent', 'the acknowledgement to be sent');
    expect(row.attempts).toBe(3);
    expect(smtp.refused - refusedBefore).toBe(2);
    const received = smtp.withMessageId(row.messageId);
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual([email]);
    expect(row.serverResponse).toMatch(/^250 .*Queued as TEST/);
    expect(row.lastError).toBeNull();
    expect(row.sentAt).not.toBeNull();
    expect(await auditCount(row.id, 'feedback.message_attempt_failed')).toBe(2);
    expect(await auditCount(row.id, 'feedback.message_sent')).toBe(1);
  });

  it('a refusal on every attempt -> failed after the configured attempts, with the server\'s answer, counted for the dashboard', async () => {
    const before = await worker.get(FeedbackService).deliveryFigures();
    const email = referrerEmail();
    smtp.rejectNext(3, { stage: 'data', code: 451, to: email });
    const { contactId } = await referral({ email });

    const row = await ackWhen(contactId, (f) => f.status === 'failed', 'the acknowledgement to fail');
    expect(row.attempts).toBe(3);
    expect(row.lastError).toContain('451');
    expect(row.sentAt).toBeNull();
    expect(smtp.withMessageId(row.messageId)).toHaveLength(0);
    const after = await worker.get(FeedbackService).deliveryFigures();
    expect(after.failed).toBe(before.failed + 1);
  });

  it('a permanent refusal (5xx) is not retried', async () => {
    const email = referrerEmail();
    smtp.rejectNext(1, { stage: 'data', code: 550, to: email });
    const { contactId } = await referral({ email });

    const row = await ackWhen(contactId, (f) => f.status === 'failed', 'the acknowledgement to fail');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('550');
  });

  it('worker killed after the SMTP server accepted but before the row was updated -> on retry the message is not sent again', async () => {
    // Stands in for the process dying in that window: the job ends without recording the send, and
    // BullMQ runs it again (after a crash it would do so through stalled-job recovery).
    const email = referrerEmail();
    let crashes = 0;
    // Only this test's recipient: another file's leftovers, delivered meanwhile, are sent as usual.
    (worker.get(Mailer) as CrashingMailer).crashAfterAccepting(email, () => crashes++);
    const { contactId } = await referral({ email });

    const row = await ackWhen(contactId, (f) => f.status === 'failed', 'the interrupted attempt to be reconciled');
    expect(crashes).toBe(1);
    expect(row.lastError).toBe(UNCONFIRMED_NOTE);
    expect(row.attempts).toBe(1);
    // The attempt's job (its own, or, had the relay batched the message with another, the one the
    // batch queued for it when the attempt threw) ended by reconciling it.
    const job = await waitFor(async () => {
      const j = await worker.get(QueueRegistry).get(QUEUES.mail).getJob(`mail.${row.outboundMessageId}.1`);
      return j?.finishedOn ? j : null;
    }, 10_000, 'the send job to finish');
    expect(job.returnvalue).toBe('unconfirmed');
    expect(smtp.withMessageId(row.messageId)).toHaveLength(1);

    // Later jobs for the same message (a duplicate, the sweep) do not send it either.
    await ds.transaction((em) => worker.get(OutboxService).add(em, { queue: QUEUES.mail, jobName: 'send', jobId: `mail.${row.outboundMessageId}.2.dup`, payload: { messageId: row.outboundMessageId, attempt: 2 } }));
    await waitFor(() => sendFinished(`mail.${row.outboundMessageId}.2.dup`, row.outboundMessageId!, 2), 10_000, 'the duplicate job to finish');
    expect(smtp.withMessageId(row.messageId)).toHaveLength(1);
    expect((await ack(contactId))!.status).toBe('failed');
  });

  it('duplicate jobs for a message already sent are no-ops (deterministic ids and the sent-state check)', async () => {
    const { contactId } = await referral();
    const row = await ackWhen(contactId, (f) => f.status === 'sent', 'the acknowledgement to be sent');
    const messageId = row.outboundMessageId!;
    await ds.transaction((em) =>
      worker.get(OutboxService).add(
        em,
        // the intake's event again: same job id, so BullMQ keeps the one it has
        { queue: QUEUES.feedback, jobName: 'acknowledge', jobId: `ack.${contactId}`, payload: { contactId } },
        { queue: QUEUES.mail, jobName: 'send', jobId: `mail.${messageId}.1.again`, payload: { messageId, attempt: 1 } },
        { queue: QUEUES.mail, jobName: 'send', jobId: `mail.${messageId}.2.again`, payload: { messageId, attempt: 2 } },
      ),
    );
    // Claimed together by the relay, the two go as one batch job (BATCHED_JOBS); only it carries attempt 2.
    const job = await batchCarrying(messageId, 2);
    expect(job.data.batch.filter((b: { messageId: string }) => b.messageId === messageId)).toEqual([{ messageId, attempt: 1 }, { messageId, attempt: 2 }]);
    expect(job.returnvalue.outcomes.skipped).toBeGreaterThanOrEqual(2);
    expect(smtp.withMessageId(row.messageId)).toHaveLength(1);
    expect((await ack(contactId))!.attempts).toBe(1);
  });

  it('two workers delivering the same message at the same moment send it once', async () => {
    const { contactId } = await referral({ acknowledge: false });
    const row = await ackWithoutJob(contactId);
    const delivery = worker.get(MailDelivery);
    const id = row.outboundMessageId!;
    const results = await Promise.allSettled([delivery.deliver(id, 1), delivery.deliver(id, 1), delivery.deliver(id, 1)]);
    const sent = results.filter((r) => r.status === 'fulfilled' && r.value === 'sent');
    expect(sent).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.constructor.name).toBe('MailRetryLater');
    expect(smtp.withMessageId(row.messageId)).toHaveLength(1);
  });

  it('a job for a message that does not exist ends as missing, and no attempt leaves the message\'s delivery lock held, however the job spells its id', async () => {
    // The advisory lock a delivery takes on (the protocol, the message): two 32-bit keys, as pg_locks shows them.
    const held = async (messageId: string) => {
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2
            AND classid::bigint = (hashtext('mash.mail.delivery')::bigint & 4294967295) AND objid::bigint = (hashtext($1)::bigint & 4294967295)`,
        [messageId],
      );
      return n;
    };
    const delivery = worker.get(MailDelivery);
    const [{ id: nobody }] = await ds.query(`SELECT gen_random_uuid()::text AS id`);
    expect(await delivery.deliver(nobody, 1)).toBe('missing');
    expect(await held(nobody)).toBe(0);

    const { contactId } = await referral({ acknowledge: false });
    const row = await ackWithoutJob(contactId);
    expect(await delivery.deliver(row.outboundMessageId!, 1)).toBe('sent');
    expect(await held(row.outboundMessageId!)).toBe(0);
    expect(await delivery.deliver(row.outboundMessageId!, 1)).toBe('skipped');
    expect(await held(row.outboundMessageId!)).toBe(0);

    // An id spelt in capitals, as a job written by hand might carry it: the lock taken under that spelling is the one let go.
    const other = await ackWithoutJob((await referral({ acknowledge: false })).contactId);
    const capitals = other.outboundMessageId!.toUpperCase();
    expect(await delivery.deliver(capitals, 1)).toBe('sent');
    expect(await held(capitals)).toBe(0);
    expect(await held(other.outboundMessageId!)).toBe(0);
  });

  it('a message whose delivery lock another session holds is neither marked nor sent, and is sent once the lock is let go', async () => {
    const { contactId } = await referral({ acknowledge: false });
    const row = await ackWithoutJob(contactId);
    const id = row.outboundMessageId!;
    const letGo = await lockedElsewhere(id);
    try {
      await expect(worker.get(MailDelivery).deliver(id, 1)).rejects.toThrow(`message ${id} is being delivered by another worker`);
      const [message] = await ds.query(`SELECT status, attempts FROM outbound_message WHERE id = $1`, [id]);
      expect(message).toEqual({ status: 'pending', attempts: 0 });
      expect(smtp.withMessageId(row.messageId)).toHaveLength(0);
    } finally {
      await letGo();
    }
    expect(await worker.get(MailDelivery).deliver(id, 1)).toBe('sent');
    expect(smtp.withMessageId(row.messageId)).toHaveLength(1);
  });

  it('a batch of send jobs delivers its messages in turn; one another session holds is queued again on its own and sent once it is let go', async () => {
    const [held, free] = [await ackWithoutJob((await referral({ acknowledge: false })).contactId), await ackWithoutJob((await referral({ acknowledge: false })).contactId)];
    const queue = worker.get(QueueRegistry).get(QUEUES.mail);
    let retryId = '';
    const letGo = await lockedElsewhere(held.outboundMessageId!);
    try {
      await ds.transaction((em) =>
        worker.get(OutboxService).add(
          em,
          ...[held, free].map((r) => ({ queue: QUEUES.mail, jobName: 'send', jobId: `mail.${r.outboundMessageId}.1.together`, payload: { messageId: r.outboundMessageId, attempt: 1 } })),
        ),
      );
      const batch = await batchCarrying(held.outboundMessageId!);
      expect(batch.data.batch.map((b: { messageId: string }) => b.messageId)).toEqual(expect.arrayContaining([held.outboundMessageId, free.outboundMessageId]));
      expect(batch.returnvalue.outcomes.sent).toBeGreaterThanOrEqual(1);
      expect(batch.returnvalue.retrying).toBeGreaterThanOrEqual(1);
      expect(smtp.withMessageId(free.messageId)).toHaveLength(1);
      expect(smtp.withMessageId(held.messageId)).toHaveLength(0);
      const [message] = await ds.query(`SELECT status, attempts FROM outbound_message WHERE id = $1`, [held.outboundMessageId]);
      expect(message).toEqual({ status: 'pending', attempts: 0 });
      retryId = `mail.${held.outboundMessageId}.1.from.${batch.id}`;
      expect((await queue.getJob(retryId))?.data).toEqual({ messageId: held.outboundMessageId, attempt: 1 });
    } finally {
      await letGo();
    }
    const sent = await waitFor(async () => {
      const j = await queue.getJob(retryId);
      return j?.finishedOn ? j : null;
    }, 20_000, 'the message queued again on its own to be sent');
    expect(sent.returnvalue).toBe('sent');
    expect(smtp.withMessageId(held.messageId)).toHaveLength(1);
    expect(smtp.withMessageId(free.messageId)).toHaveLength(1);
  });

  it('the sweep re-queues a message whose job was lost, and settles one whose worker died mid-send, without sending it', async () => {
    const lost = await referral({ acknowledge: false });
    const lostRow = await ackWithoutJob(lost.contactId);
    await ds.query(`UPDATE outbound_message SET next_attempt_at = now() - interval '10 minutes' WHERE id = $1`, [lostRow.outboundMessageId]);

    const dead = await referral({ acknowledge: false });
    const deadRow = await ackWithoutJob(dead.contactId);
    await ds.query(`UPDATE outbound_message SET status = 'sending', attempts = 1, last_attempt_at = now() - interval '10 minutes' WHERE id = $1`, [deadRow.outboundMessageId]);

    expect(await worker.get(MailSweep).sweep()).toBeGreaterThanOrEqual(2);
    const sent = await ackWhen(lost.contactId, (f) => f.status === 'sent', 'the lost message to be sent');
    expect(smtp.withMessageId(sent.messageId)).toHaveLength(1);
    const settled = await ackWhen(dead.contactId, (f) => f.status === 'failed', 'the interrupted message to be settled');
    expect(settled.lastError).toBe(UNCONFIRMED_NOTE);
    expect(smtp.withMessageId(settled.messageId)).toHaveLength(0);
  });
});
