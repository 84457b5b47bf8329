import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { isUuid } from '../../../common/uuid';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { QUEUES } from '../../../queue/queue-names';
import { FeedbackService } from '../feedback.service';

/**
 * The `feedback` queue. Job `acknowledge` {contactId}, written by intake in the contact's
 * transaction, job id `ack.<contactId>`: writes the acknowledgement row (once per contact) and queues
 * its e-mail on the `mail` queue, which sends it. Idempotent: the dedupe key decides.
 */
@Processor(QUEUES.feedback, { concurrency: 4 })
export class FeedbackProcessor extends CloseableWorkerHost {
  constructor(private readonly feedback: FeedbackService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'acknowledge') throw new UnrecoverableError(`unknown feedback job "${job.name}"`);
    const contactId = job.data?.contactId;
    if (!isUuid(contactId)) throw new UnrecoverableError('feedback acknowledge job without a valid contactId');
    const row = await this.feedback.createAcknowledgement(contactId);
    return row ? row.status : 'missing';
  }
}
