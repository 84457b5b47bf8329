import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ANY_USER } from '../../auth/roles';
import { NotificationsQueryDto } from './dto/notifications.dto';
import { uuidParam } from '../../common/uuid';
import { NotificationService } from './notification.service';

/** The caller's own in-app notifications (SLA breaches). */
@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get()
  @Allow(...ANY_USER)
  @ApiOperation({ summary: "The caller's notifications, newest first" })
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationsQueryDto) {
    return this.notifications.listFor(actor.userId!, { unreadOnly: query.unread === 'true', limit: query.limit, cursor: query.cursor });
  }

  @Post(':id/read')
  @HttpCode(200)
  @Allow(...ANY_USER)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  async markRead(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    const view = await this.notifications.markRead(actor.userId!, id, this.now());
    if (!view) throw new NotFoundException('No such notification');
    return view;
  }
}
