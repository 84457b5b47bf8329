import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF, OVERSIGHT } from '../../auth/roles';
import { uuidParam } from '../checks/uuid-param';
import { DecisionsQueryService } from './decisions-query.service';
import { OverridesQueryDto } from './dto/decision-query.dto';

@ApiTags('decisions')
@Controller('api/v1/decisions')
export class DecisionsController {
  constructor(private readonly query: DecisionsQueryService) {}

  @Get(':id')
  @Allow(...MASH_STAFF, 'auditor')
  @ApiOperation({ summary: 'A threshold decision with its approval state and supersession chain (SPEC DEC-1, DEC-4, DEC-5)' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.query.get(actor, id);
  }
}

@ApiTags('oversight')
@Controller('api/v1/reports')
export class OverridesReportController {
  constructor(private readonly query: DecisionsQueryService) {}

  @Get('overrides')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'The override register: decisions where a manager overrode a DEC-3 guard, with the reason (SPEC DEC-3)' })
  overrides(@CurrentActor() actor: Actor, @Query() query: OverridesQueryDto) {
    return this.query.overrides(actor, query);
  }
}
