import { waitFor } from '../utils/test-app';
import { faultHarness, startServices } from './support/fault-harness';
import { acceptStepDown, proposedStepDown } from './support/step-downs';
import { ServiceProcess, startWorker, uniquePrefix } from './support/processes';

const GP = 'safeguarding@hillview-gp.localhost';

/**
 * SPEC REL-3, STEP-2: the worker is killed with SIGKILL after the SMTP server has a step-down notice
 * and before the worker has heard so (and so before it could record it). Started again, the worker
 * finds the notice marked `sending`, does not send it again, and marks it for a person to check.
 */
describe('Outbound mail: kill -9 the worker in the middle of a send', () => {
  const prefix = uniquePrefix('kill-mail');
  const harness = faultHarness();

  it('a crash between sending a step-down notice and recording it does not send it twice', async () => {
    const { smtp, db } = harness;
    const started = await startServices(smtp, { queuePrefix: prefix });
    const { port, env } = started;
    let worker: ServiceProcess = started.worker!;

    const stepDownId = await proposedStepDown(port, db);

    // The server keeps the GP's notice but never answers; the worker dies in that moment.
    let killed: Promise<void> | undefined;
    const crashed = worker;
    smtp.holdReplyTo(GP, () => {
      killed = crashed.kill9();
    });
    await acceptStepDown(port, stepDownId);

    await waitFor(async () => killed !== undefined, 30_000, 'the worker to be killed mid-send').catch((error: Error) => {
      throw new Error(`${error.message}: the SMTP server has ${smtp.messages.length} messages (${smtp.messages.map((m) => m.to.join()).join('; ')}); worker output ${crashed.logPath}`);
    });
    await killed;
    const gpNotice = async () => (await db.query(`SELECT status, attempts, message_id, last_error FROM outbound_message WHERE purpose = 'step_down.notice' AND about_id = $1 AND audience = 'gp'`, [stepDownId])).rows[0];
    const atCrash = await gpNotice();
    expect(atCrash.status).toBe('sending');
    expect(smtp.withMessageId(atCrash.message_id)).toHaveLength(1);

    worker = startWorker(env);
    // BullMQ hands the killed worker's job out again once its lock has expired and the stalled
    // checks have found it: up to 90 s after the kill.
    const settled = await waitFor(async () => {
      const row = await gpNotice();
      return row.status !== 'sending' && row;
    }, 150_000, 'the interrupted notice to be reconciled');
    expect(settled.status).toBe('failed');
    expect(settled.attempts).toBe(1);
    expect(settled.last_error).toMatch(/^Not confirmed/);
    // Sent once: the server has one copy, and nothing more arrives.
    await new Promise((r) => setTimeout(r, 2000));
    expect(smtp.withMessageId(atCrash.message_id)).toHaveLength(1);
    const { rows } = await db.query('SELECT audience, status FROM step_down_notification WHERE step_down_id = $1 ORDER BY audience', [stepDownId]);
    expect(rows.find((r) => r.audience === 'gp')).toEqual({ audience: 'gp', status: 'failed' });
    for (const audience of ['referrer', 'school_setting']) expect(['sent', 'failed']).toContain(rows.find((r) => r.audience === audience)?.status);
    const notices = smtp.messages.filter((m) => m.headers['x-mash-step-down-id'] === stepDownId);
    expect(new Set(notices.map((m) => m.messageId)).size).toBe(notices.length);
  }, 240_000);
});
