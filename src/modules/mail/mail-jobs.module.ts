import { Module } from '@nestjs/common';
import { MailDelivery } from './jobs/mail-delivery';
import { MailProcessor } from './jobs/mail.processor';
import { MailModule } from './mail.module';
import { OutboundMessageRepository } from './persistence/outbound-message.repository';

/** Outbound e-mail in the worker: the `mail` queue and its at-most-once delivery. */
@Module({
  imports: [MailModule],
  providers: [MailDelivery, MailProcessor, OutboundMessageRepository],
  exports: [MailDelivery],
})
export class MailJobsModule {}
