import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { isUuid } from '../../../common/uuid';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { BATCHED_JOBS, BatchJobData, QUEUES } from '../../../queue/queue-names';
import { Turns } from '../../../common/turns';
import { AcknowledgementOutcome, FeedbackService } from '../feedback.service';

interface AcknowledgeJob {
  contactId: string;
}

/**
 * The `feedback` queue. Job `acknowledge`, written by intake in the contact's transaction as
 * {contactId} with job id `ack.<contactId>`; the relay hands rows that arrive together over as one
 * job {batch: [{contactId}, ...]} (BATCHED_JOBS). Writes each contact's acknowledgement row (once per
 * contact) and queues its e-mail on the `mail` queue, which sends it. Idempotent: the dedupe key decides.
 *
 * The jobs this process holds are acknowledged in turns (Turns), one transaction at a time, each
 * taking every job waiting for it (up to the batch limit): when jobs pile up (a backlog after an
 * outage, a burst), one transaction shares its fixed statements among them all, where side by side
 * each job paid for its own. A turn that fails is done again job by job, so a contact that cannot be
 * acknowledged fails only its own job.
 */
@Processor(QUEUES.feedback, { concurrency: 16 })
export class FeedbackProcessor extends CloseableWorkerHost {
  private readonly turns = new Turns<string, Record<AcknowledgementOutcome, number>>(BATCHED_JOBS.acknowledge, async (contactIds) => {
    const outcomes = await this.feedback.createAcknowledgements(contactIds);
    return (mine) => {
      const tally = { written: 0, existing: 0, missing: 0 };
      for (const id of new Set(mine)) tally[outcomes.get(id)!]++;
      return tally;
    };
  });

  constructor(private readonly feedback: FeedbackService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'acknowledge') throw new UnrecoverableError(`unknown feedback job "${job.name}"`);
    const data = job.data as Partial<AcknowledgeJob & BatchJobData<Partial<AcknowledgeJob> | null>> | undefined;
    const asked: unknown[] = Array.isArray(data?.batch) ? data.batch.map((p) => p?.contactId) : [data?.contactId];
    // As the database spells them, so that each contact's outcome is found under its id.
    const contactIds = asked.filter(isUuid).map((id) => id.toLowerCase());
    const result = contactIds.length ? await this.turns.take(contactIds) : null;
    // The valid contacts are acknowledged first, so one bad payload never holds back the others.
    if (contactIds.length < asked.length) throw new UnrecoverableError(`feedback acknowledge job with ${asked.length - contactIds.length} entries without a valid contactId`);
    return result;
  }
}
