import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { StrategyDelivery } from './jobs/strategy-delivery';
import { StrategyProcessor } from './jobs/strategy.processor';

/** Strategy discussions in the worker: the `strategy` queue (decline notices and minutes by e-mail). */
@Module({
  imports: [MailModule],
  providers: [StrategyProcessor, StrategyDelivery],
  exports: [StrategyDelivery],
})
export class StrategyJobsModule {}
