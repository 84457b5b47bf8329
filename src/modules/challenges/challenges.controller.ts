import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF, PROFESSIONALS } from '../../auth/roles';
import { uuidParam } from '../../common/uuid';
import { ChallengesService } from './challenges.service';
import { AnswerMeetingDto, ListChallengesQueryDto, RaiseChallengeDto, RequestMeetingDto, RespondChallengeDto } from './dto/challenge.dto';
import { ProfessionalsMeetingsService } from './professionals-meetings.service';

@ApiTags('challenges')
@Controller('api/v1')
export class ChallengesController {
  constructor(
    private readonly challenges: ChallengesService,
    private readonly meetings: ProfessionalsMeetingsService,
  ) {}

  @Post('challenges')
  @HttpCode(201)
  @Allow(...PROFESSIONALS)
  @ApiOperation({ summary: 'Challenge a grade, decision, declined strategy request or step-down that concerns you (SPEC ESC-1); 404 when it is not yours' })
  raise(@CurrentActor() actor: Actor, @Body() body: RaiseChallengeDto) {
    return this.challenges.raise(actor, body);
  }

  @Post('challenges/:id/respond')
  @HttpCode(200)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Answer a challenge at its current stage: upheld, changed (a changed decision supersedes the old one, with `newDecision`) or not upheld, with a reason (SPEC ESC-1)' })
  respond(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: RespondChallengeDto) {
    return this.challenges.respond(actor, id, body);
  }

  @Get('challenges')
  @Allow(...PROFESSIONALS, ...MASH_STAFF, 'auditor')
  @ApiOperation({ summary: 'Challenges with their stage, due time, history and outcome, newest first, a page at a time (limit, cursor: nextCursor); professionals ask for their own with mine=true (SPEC ESC-1)' })
  list(@CurrentActor() actor: Actor, @Query() query: ListChallengesQueryDto) {
    return this.challenges.list(actor, query);
  }

  @Get('challenges/:id')
  @Allow(...PROFESSIONALS, ...MASH_STAFF, 'auditor')
  @ApiOperation({ summary: 'One challenge: the challenger sees the progress of their own (SPEC ESC-1)' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.challenges.view(actor, id);
  }

  @Post('professionals-meetings')
  @HttpCode(201)
  @Allow(...PROFESSIONALS)
  @ApiOperation({ summary: 'Request a professionals-only meeting about a contact that concerns your agency, with a criterion (drift, disagreement, parental_secrecy) (SPEC ESC-2)' })
  requestMeeting(@CurrentActor() actor: Actor, @Body() body: RequestMeetingDto) {
    return this.meetings.request(actor, body);
  }

  @Post('professionals-meetings/:id/answer')
  @HttpCode(200)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Agree (with a date) or decline a professionals-only meeting, with a reason, within the clock (SPEC ESC-2)' })
  answerMeeting(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: AnswerMeetingDto) {
    return this.meetings.answer(actor, id, body);
  }

  @Get('professionals-meetings')
  @Allow(...PROFESSIONALS, ...MASH_STAFF, 'auditor')
  @ApiOperation({ summary: 'Professionals-only meeting requests with their answer and due time, newest first, a page at a time (limit, cursor); professionals ask for their own with mine=true (SPEC ESC-2)' })
  listMeetings(@CurrentActor() actor: Actor, @Query() query: ListChallengesQueryDto) {
    return this.meetings.list(actor, query);
  }
}
