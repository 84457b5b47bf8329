import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF, PROFESSIONALS } from '../../auth/roles';
import { uuidParam } from '../../common/uuid';
import { ChildStatusService } from './child-status.service';
import { RecordStatusDto } from './dto/child-status.dto';

@ApiTags('people')
@Controller('api/v1/people')
export class ChildStatusController {
  constructor(private readonly status: ChildStatusService) {}

  @Get(':id/status')
  @Allow(...MASH_STAFF, ...PROFESSIONALS)
  @ApiOperation({ summary: "The child's current level, lead professional and since-date (SPEC STEP-1): MASH staff and partners involved with the child (others 404)" })
  read(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.status.read(actor, id);
  }

  @Post(':id/status')
  @HttpCode(201)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Record a status change made outside the MASH: a CP plan started at ICPC (category of abuse), looked after, a plan ended' })
  record(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RecordStatusDto) {
    return this.status.record(actor, id, dto);
  }
}
