import type { Queue } from 'bullmq';
import { waitFor } from './test-app';

/** Waits until a contact's grading job has failed for good, moving each retry forward instead of waiting for its back-off. */
export function gradingFailsForGood(triageQueue: Queue, contactId: string): Promise<true> {
  return waitFor(async () => {
    const job = await triageQueue.getJob(`triage.${contactId}`);
    if (!job) return false;
    const state = await job.getState();
    if (state === 'delayed') await job.promote().catch(() => undefined);
    return state === 'failed';
  }, 60_000, 'every grading attempt to fail');
}
