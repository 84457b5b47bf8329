import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { uuidParam } from '../checks/uuid-param';
import { DecisionsService, RecordedDecision } from './decisions.service';
import { RecordDecisionDto, SupersedeDecisionDto } from './dto/record-decision.dto';

const view = (r: RecordedDecision) => ({
  id: r.decision.id,
  status: r.decision.status,
  outcome: r.decision.outcome,
  thresholdLevel: r.decision.thresholdLevel,
  approvalId: r.decision.approvalId ?? null,
  overriddenRules: r.overrides.map((o) => o.rule),
  approvalReasons: r.needsApproval.map((n) => n.reason),
  supersedesId: r.decision.supersedesId,
});

/** Recording threshold decisions (SPEC DEC-1 to DEC-6): 201 when final, 202 when waiting for a manager. */
@ApiTags('decisions')
@Controller('api/v1')
export class DecisionRecordingController {
  constructor(private readonly decisions: DecisionsService) {}

  @Post('contacts/:id/subjects/:subjectId/decision')
  @Allow('mash_worker', 'mash_manager')
  @ApiOperation({ summary: 'Record the threshold decision for one child; 422 names the guard (details[].rule, e.g. DEC-3.red-outcome)' })
  async record(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) contactId: string,
    @Param('subjectId', uuidParam()) subjectId: string,
    @Body() dto: RecordDecisionDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const recorded = await this.decisions.record(actor, { ...dto, contactId, subjectId });
    res.status(recorded.decision.status === 'final' ? 201 : 202);
    return view(recorded);
  }

  @Post('decisions/:id/supersede')
  @Allow('mash_manager')
  @HttpCode(201)
  @ApiOperation({ summary: 'Replace a signed-off decision with a new one and a reason (SPEC DEC-5); the old one is never edited' })
  async supersede(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: SupersedeDecisionDto, @Res({ passthrough: true }) res: Response) {
    const { reason, ...form } = dto;
    const recorded = await this.decisions.supersede(actor, id, reason, form);
    res.status(recorded.decision.status === 'final' ? 201 : 202);
    return view(recorded);
  }
}
