import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { uuidParam } from '../../common/uuid';
import { LegalHoldReasonDto } from './dto/legal-hold.dto';
import { RetentionService } from './retention.service';

@ApiTags('people')
@Controller('api/v1/people/:id/legal-hold')
export class LegalHoldController {
  constructor(private readonly retention: RetentionService) {}

  @Post()
  @HttpCode(201)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Put a person under legal hold: nothing they appear in is deleted by retention (SPEC SEC-5); 409 when already held' })
  set(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: LegalHoldReasonDto) {
    return this.retention.setHold(actor, id, body.reason);
  }

  @Post('lift')
  @HttpCode(200)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Lift the legal hold on a person, with a reason; 409 when not held' })
  lift(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: LegalHoldReasonDto) {
    return this.retention.liftHold(actor, id, body.reason);
  }
}
