import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ChecksQueryService } from './checks-query.service';
import { ChecksService } from './checks.service';
import { MyChecksQueryDto, RespondCheckDto, WaiveCheckDto } from './dto/check.dto';
import { uuidParam } from '../../common/uuid';

@ApiTags('checks')
@Controller('api/v1/checks')
export class ChecksController {
  constructor(
    private readonly checks: ChecksService,
    private readonly query: ChecksQueryService,
  ) {}

  @Get()
  @Allow('partner', 'police')
  @ApiOperation({ summary: "Checks asked of the caller's agency: the question and the names and dates of birth needed to answer it" })
  mine(@CurrentActor() actor: Actor, @Query() query: MyChecksQueryDto) {
    return this.query.mine(actor, query);
  }

  @Post(':id/response')
  @HttpCode(200)
  @Allow('partner', 'police')
  @ApiOperation({ summary: 'Answer a check asked of your agency: returned, declined (reason) or unable (reason); 404 if it was not asked of you' })
  respond(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RespondCheckDto) {
    return this.checks.respond(actor, id, dto);
  }

  @Post(':id/waive')
  @HttpCode(200)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Let a decision go ahead without this check, with a reason (SPEC CHK-4)' })
  waive(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: WaiveCheckDto) {
    return this.checks.waive(actor, id, dto);
  }
}
