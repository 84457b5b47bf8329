import { Module } from '@nestjs/common';
import { MailDelivery } from './jobs/mail-delivery';
import { MailSweep } from './jobs/mail-sweep';
import { MailProcessor } from './jobs/mail.processor';
import { MailModule } from './mail.module';
import { OutboundMessageRepository } from './persistence/outbound-message.repository';

/** Outbound e-mail in the worker: the `mail` queue, its at-most-once delivery and the sweep that re-queues lost jobs. */
@Module({
  imports: [MailModule],
  providers: [MailDelivery, MailProcessor, MailSweep, OutboundMessageRepository],
  exports: [MailDelivery, MailSweep],
})
export class MailJobsModule {}
