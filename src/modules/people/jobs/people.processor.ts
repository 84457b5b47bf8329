import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { CloseableWorkerHost } from '../../../queue/closeable-worker-host';
import { QUEUES } from '../../../queue/queue-names';
import { PeopleForTriage } from '../people-for-triage';

/** Written by the legacy import for each historical contact (job id people.link.<contactId>). */
export const LINK_HISTORY = 'contact.link-history';

/**
 * The `people` queue: links the children and adults of imported historical contacts to the person
 * index (SPEC PPL-1 to PPL-4), so their history and accumulation flags count for later contacts.
 * Idempotent like triage's use of the same step: a source is matched once, under the contact's lock.
 * One at a time, in the order imported: two contacts about the same child linked at once could each
 * create the child anew; and a migration's backlog must not starve the grading of live contacts.
 */
@Processor(QUEUES.people, { concurrency: 1 })
export class PeopleProcessor extends CloseableWorkerHost {
  private readonly logger = new Logger(PeopleProcessor.name);

  constructor(private readonly people: PeopleForTriage) {
    super();
  }

  async process(job: Job<{ contactId?: string }>): Promise<{ outcome: string; subjects?: number }> {
    const contactId = job.data?.contactId;
    if (job.name !== LINK_HISTORY || typeof contactId !== 'string') {
      this.logger.warn({ jobName: job.name, jobId: job.id }, 'unknown job on the people queue; ignored');
      return { outcome: 'ignored' };
    }
    const pictures = await this.people.prepareContact(contactId);
    return { outcome: 'linked', subjects: pictures.length };
  }
}
