import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../../auth/access.decorator';
import { Actor } from '../../../auth/actor';
import { CurrentActor } from '../../../auth/current-actor.decorator';
import { OVERSIGHT } from '../../../auth/roles';
import { RuleViolationException } from '../../../common/errors';
import { uuidParam } from '../../../common/uuid';
import { resolvePeriod } from '../domain/period';
import { AuditAnswersDto, DrawSampleDto, PeriodQueryDto } from '../dto/oversight.dto';
import { AuditSamplingService } from './audit-sampling.service';

@ApiTags('oversight')
@Controller('api/v1')
export class AuditsController {
  constructor(
    private readonly audits: AuditSamplingService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Post('audits/samples')
  @HttpCode(201)
  @Allow('mash_manager')
  @ApiOperation({
    summary: 'Draw a threshold-decision audit sample for a period (SPEC MGT-1)',
    description:
      'Decisions made in [from, to) (final or since superseded): every NFA on a child with an accumulation flag, every override, every step-down with a CP indicator ever recorded, plus the random share of config/audit-sampling.yaml drawn with `seed`. The same seed and period give the same sample.',
  })
  draw(@CurrentActor() actor: Actor, @Body() body: DrawSampleDto) {
    return this.audits.draw(actor, body);
  }

  @Get('audits/:id')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'An audit sample with its decisions, the audit form and agreement rates by worker and team (SPEC MGT-1)' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.audits.get(actor, id);
  }

  /**
   * API.md lists auditors here too; SPEC §0 and SEC-4 make auditors read-only ("change anything":
   * never), and MGT-1 has managers answer the form, so only managers write answers.
   */
  @Post('audits/:id/answers')
  @HttpCode(201)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Answer the audit form (config/audit-form.yaml) for one sampled decision (SPEC MGT-1); answering again replaces your earlier answer' })
  answer(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: AuditAnswersDto) {
    return this.audits.answer(actor, id, body);
  }

  @Get('reports/audit-agreement')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'Agreement rates of every audit answer given in [from, to) (default: last 365 days), by worker and team (SPEC MGT-1)' })
  agreement(@Query() query: PeriodQueryDto) {
    const { period, problems } = resolvePeriod(query.from, query.to, this.now(), 365);
    if (!period) throw new RuleViolationException('The period is not valid', problems);
    return this.audits.agreement(period);
  }
}
