import { waitFor } from '../utils/test-app';
import { faultHarness, startServices } from './support/fault-harness';
import { acceptStepDown, proposedStepDown } from './support/step-downs';
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

    const stepDownId = await proposedStepDown(port, db);

    const notices = async () =>
      (await db.query(`SELECT id, status, attempts, message_id FROM outbound_message WHERE purpose = 'step_down.notice' AND about_id = $1 ORDER BY id`, [stepDownId])).rows as { id: string; status: string; attempts: number; message_id: string }[];
    // The first notice to reach the server is answered only once the worker has been told to stop.
    let first: string | undefined;
    smtp.holdNextReply((mail) => mail.headers['x-mash-step-down-id'] === stepDownId, (mail, answer) => {
      first = mail.messageId;
      worker.signal('SIGTERM');
      setTimeout(answer, 1500);
    });
    await acceptStepDown(port, stepDownId);

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
