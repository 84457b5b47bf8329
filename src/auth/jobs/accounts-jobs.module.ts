import { Module } from '@nestjs/common';
import { MailModule } from '../../modules/mail/mail.module';
import { AccountsRepository } from '../persistence/accounts.repository';
import { AccountLinkMailer } from './account-link-mailer';
import { AccountsProcessor } from './accounts.processor';

/** The worker's side of accounts: e-mails the single-use password links. */
@Module({
  imports: [MailModule],
  providers: [AccountsRepository, AccountLinkMailer, AccountsProcessor],
})
export class AccountsJobsModule {}
