import { Module } from '@nestjs/common';
import { Mailer } from './mailer.service';

/** Outgoing e-mail over SMTP; import it where a worker sends mail (feedback, minutes, notifications). */
@Module({
  providers: [Mailer],
  exports: [Mailer],
})
export class MailModule {}
