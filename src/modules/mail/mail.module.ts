import { Module } from '@nestjs/common';
import { MailDeliveryListeners } from './mail-delivery-listeners';
import { Mailer } from './mailer.service';
import { OutboundMail } from './outbound-mail.service';
import { OutboundMessageRepository } from './persistence/outbound-message.repository';

/**
 * Queueing outbound e-mail (OutboundMail, in the caller's transaction), the SMTP client, and the
 * listeners features register for their messages' delivery.
 */
@Module({
  providers: [Mailer, OutboundMail, OutboundMessageRepository, MailDeliveryListeners],
  exports: [Mailer, OutboundMail, MailDeliveryListeners],
})
export class MailModule {}
