import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { isUuid } from '../../../common/uuid';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { BatchJobData, QUEUES } from '../../../queue/queue-names';
import { FeedbackService } from '../feedback.service';

interface AcknowledgeJob {
  contactId: string;
}

/**
 * The `feedback` queue. Job `acknowledge`, written by intake in the contact's transaction as
 * {contactId} with job id `ack.<contactId>`; the relay hands rows that arrive together over as one
 * job {batch: [{contactId}, ...]} (BATCHED_JOBS). Writes each contact's acknowledgement row (once per
 * contact) and queues its e-mail on the `mail` queue, which sends it, all of a job in one
 * transaction. Idempotent: the dedupe key decides.
 */
@Processor(QUEUES.feedback, { concurrency: 4 })
export class FeedbackProcessor extends CloseableWorkerHost {
  constructor(private readonly feedback: FeedbackService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'acknowledge') throw new UnrecoverableError(`unknown feedback job "${job.name}"`);
    const data = job.data as Partial<AcknowledgeJob & BatchJobData<Partial<AcknowledgeJob> | null>> | undefined;
    const asked: unknown[] = Array.isArray(data?.batch) ? data.batch.map((p) => p?.contactId) : [data?.contactId];
    const contactIds = asked.filter(isUuid);
    const result = contactIds.length ? await this.feedback.createAcknowledgements(contactIds) : null;
    // The valid contacts are acknowledged first, so one bad payload never holds back the others.
    if (contactIds.length < asked.length) throw new UnrecoverableError(`feedback acknowledge job with ${asked.length - contactIds.length} entries without a valid contactId`);
    return result;
  }
}
