import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { isUuid } from '../../common/uuid';
import { CloseableWorkerHost } from '../../queue/closeable-worker-host';
import { QUEUES } from '../../queue/queue-names';
import { AccountLinkMailer } from './account-link-mailer';

/** The `accounts` queue: `send-link` {linkId}, job id `account-link.<id>`, written with the link. */
@Processor(QUEUES.accounts)
export class AccountsProcessor extends CloseableWorkerHost {
  constructor(private readonly mailer: AccountLinkMailer) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== 'send-link') throw new UnrecoverableError(`unknown accounts job "${job.name}"`);
    const id = job.data?.linkId;
    if (!isUuid(id)) throw new UnrecoverableError('send-link without a valid linkId');
    return this.mailer.send(id);
  }
}
