import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF, PROFESSIONALS } from '../../auth/roles';
import { uuidParam } from '../../common/uuid';
import { ConsentDeclinedDto, CreateStepDownDto, RejectStepDownDto } from './dto/step-down.dto';
import { StepDownsService } from './step-downs.service';

@ApiTags('step-downs')
@Controller('api/v1/step-downs')
export class StepDownsController {
  constructor(private readonly stepDowns: StepDownsService) {}

  @Post()
  @Allow(...MASH_STAFF)
  @ApiOperation({
    summary: 'Propose a step-down to early help (SPEC STEP-2): pending_acceptance until the lead professional accepts; 422 STEP-2.incomplete naming each missing part, or STEP-3 rule ids when blocked; 200 when it completes the step-down an early_help decision made for the child; 409 when the child already has one pending',
  })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateStepDownDto, @Res({ passthrough: true }) res: Response) {
    const { completed, ...view } = await this.stepDowns.createDirect(actor, dto);
    res.status(completed ? 200 : 201);
    return view;
  }

  @Get(':id')
  @Allow(...MASH_STAFF, ...PROFESSIONALS)
  @ApiOperation({ summary: 'A step-down: MASH staff, the lead professional and the receiving agency (others 404)' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.stepDowns.get(actor, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Allow(...PROFESSIONALS)
  @ApiOperation({ summary: 'The lead professional or a user of the receiving agency accepts: the child is at early_help with that lead professional' })
  accept(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.stepDowns.accept(actor, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow(...PROFESSIONALS)
  @ApiOperation({ summary: 'Reject with a reason: the child returns to the triage queue as a new contact linked to the original' })
  reject(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RejectStepDownDto) {
    return this.stepDowns.reject(actor, id, dto.reason);
  }

  @Post(':id/consent-declined')
  @HttpCode(200)
  @Allow(...MASH_STAFF, ...PROFESSIONALS)
  @ApiOperation({ summary: 'The family declined early help (SPEC STEP-5): a "reconsider threshold" contact lands in the triage queue' })
  consentDeclined(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ConsentDeclinedDto) {
    return this.stepDowns.consentDeclined(actor, id, dto.note ?? null);
  }
}
