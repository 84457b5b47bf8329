import { Module } from '@nestjs/common';
import { ClocksModule } from './clocks.module';
import { NotificationsController } from './notifications.controller';

/** HTTP side of the calendar: the caller's notifications. Clocks themselves are started by other features. */
@Module({
  imports: [ClocksModule],
  controllers: [NotificationsController],
})
export class CalendarModule {}
