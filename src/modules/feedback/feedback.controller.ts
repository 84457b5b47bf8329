import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF, PROFESSIONALS } from '../../auth/roles';
import { PageQueryDto } from '../../common/pagination';
import { FeedbackViewDto, ReferrerFeedbackViewDto } from './dto/feedback-view.dto';
import { ResendFeedbackDto } from './dto/resend-feedback.dto';
import { FeedbackRecords } from './feedback-records.service';

@ApiTags('feedback')
@ApiExtraModels(FeedbackViewDto, ReferrerFeedbackViewDto)
@Controller('api/v1')
export class FeedbackController {
  constructor(private readonly records: FeedbackRecords) {}

  @Get('contacts/:id/feedback')
  @Allow(...MASH_STAFF, ...PROFESSIONALS)
  @ApiOperation({
    summary: 'Feedback on a contact, with status and content',
    description: 'MASH staff: every message (referrer and involved agencies). The referrer who made the contact: the messages addressed to them. Anyone else: 404.',
  })
  @ApiOkResponse({
    schema: {
      properties: {
        items: { type: 'array', items: { oneOf: [{ $ref: getSchemaPath(FeedbackViewDto) }, { $ref: getSchemaPath(ReferrerFeedbackViewDto) }] } },
        nextCursor: { type: 'string', nullable: true },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'Unknown contact, or not yours' })
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.records.listForContact(actor, id, query);
  }

  @Post('feedback/:id/resend')
  @HttpCode(202)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Resend a failed feedback message (same content and Message-ID), optionally to a corrected address' })
  @ApiAcceptedResponse({ type: FeedbackViewDto, description: 'Queued again: status pending' })
  @ApiNotFoundResponse({ description: 'Unknown feedback' })
  @ApiConflictResponse({ description: 'Not failed (pending, sending, sent, not possible or waived)' })
  resend(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ResendFeedbackDto) {
    return this.records.resend(actor, id, dto);
  }
}
