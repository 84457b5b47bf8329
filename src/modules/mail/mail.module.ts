import { Module } from '@nestjs/common';
import { Mailer } from './mailer.service';
import { OutboundMail } from './outbound-mail.service';
import { OutboundMessageRepository } from './persistence/outbound-message.repository';

/** Queueing outbound e-mail (OutboundMail, in the caller's transaction) and the SMTP client. */
@Module({
  providers: [Mailer, OutboundMail, OutboundMessageRepository],
  exports: [Mailer, OutboundMail],
})
export class MailModule {}
