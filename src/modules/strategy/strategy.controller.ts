import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { CASE_READERS, CONTACT_SUBMITTERS, MASH_STAFF } from '../../auth/roles';
import { uuidParam } from '../../common/uuid';
import { ActionStatusDto, ConveneDto, DeclineDto, ListStrategyQueryDto, NotReceivedDto, RecordIcpcDto, RecordStrategyDto, RequestStrategyDto } from './dto/strategy.dto';
import { StrategyMeetingsService } from './strategy-meetings.service';
import { StrategyMinutes } from './strategy-minutes.service';
import { StrategyQueriesService } from './strategy-queries.service';
import { StrategyRecordService } from './strategy-record.service';
import { StrategyRequestsService } from './strategy-requests.service';

const brief = (d: { id: string; status: string; requestedAt: Date }) => ({ id: d.id, status: d.status, requestedAt: d.requestedAt.toISOString() });

/** Strategy discussions (SPEC §7, API.md "Strategy discussions"). */
@ApiTags('strategy-discussions')
@Controller('api/v1/strategy-discussions')
export class StrategyController {
  constructor(
    private readonly requests: StrategyRequestsService,
    private readonly meetings: StrategyMeetingsService,
    private readonly recording: StrategyRecordService,
    private readonly minutes: StrategyMinutes,
    private readonly queries: StrategyQueriesService,
  ) {}

  @Post()
  @Allow(...CONTACT_SUBMITTERS)
  @ApiOperation({ summary: 'Request a strategy discussion for a child (SPEC STR-1) -> 201 requested' })
  async request(@CurrentActor() actor: Actor, @Body() dto: RequestStrategyDto) {
    return brief(await this.requests.request(actor, dto));
  }

  @Get()
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: 'Strategy discussions: police, partners and referrers see the ones they requested or are invited to (mine); MASH staff see all' })
  list(@CurrentActor() actor: Actor, @Query() query: ListStrategyQueryDto) {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: 'One discussion: in full for MASH staff; for the requester and invitees the discussion and, once distributed, the minutes; 404 otherwise' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.queries.get(actor, id);
  }

  @Post(':id/convene')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Convene with schedule, mode, chair and invitees (police and children\'s social care required; health and the GP added); on a held discussion, reconvene (201, a new discussion)' })
  async convene(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ConveneDto, @Res({ passthrough: true }) res: Response) {
    const { discussion, created } = await this.meetings.convene(actor, id, dto);
    res.status(created ? 201 : 200);
    return this.queries.get(actor, discussion.id);
  }

  @Post(':id/reconvene')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'A new discussion after a held one, starting with its summary and distribution list (SPEC STR-4)' })
  async reconvene(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ConveneDto) {
    const d = await this.meetings.reconvene(actor, id, dto);
    return this.queries.get(actor, d.id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Decline with reason, agencies consulted and an alternative plan; the requester is e-mailed at once with the challenge route (SPEC STR-1)' })
  async decline(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: DeclineDto) {
    await this.meetings.decline(actor, id, dto);
    return this.queries.get(actor, id);
  }

  @Post(':id/record')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Record the held discussion: attendance, evidence shared with police, views, outcome, ICPC, actions, child-seen-alone plan (SPEC STR-3)' })
  async record(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RecordStrategyDto) {
    await this.recording.record(actor, id, dto);
    return this.queries.get(actor, id);
  }

  @Post(':id/icpc')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Record the initial child protection conference as held (date, outcome): meets the ICPC clock (SPEC STR-3, RAG-5); 409 when none was required or it is already recorded' })
  async icpc(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RecordIcpcDto) {
    await this.recording.recordIcpc(actor, id, dto);
    return this.queries.get(actor, id);
  }

  @Post(':id/actions/:actionId/status')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Move an agreed action on: open, done or cancelled (SPEC STR-3)' })
  async actionStatus(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('actionId', uuidParam('actionId')) actionId: string, @Body() dto: ActionStatusDto) {
    const a = await this.recording.setActionStatus(actor, id, actionId, dto.status);
    return { id: a.id, discussionId: a.discussionId, description: a.description, ownerName: a.ownerName, dueDate: a.dueDate, status: a.status };
  }

  @Post(':id/minutes/distribute')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Send the minutes to every invitee, absent ones included; idempotent (SPEC STR-4)' })
  distribute(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.minutes.distribute(actor, id);
  }

  @Post(':id/minutes/not-received')
  @Allow(...CONTACT_SUBMITTERS) // invitees: police, partners, referrers, MASH staff; auditors never write (SEC-4)
  @ApiOperation({ summary: 'An invitee reports the minutes did not reach them (SPEC STR-4); 404 for anyone not invited' })
  notReceived(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: NotReceivedDto) {
    return this.minutes.notReceived(actor, id, dto);
  }
}
