import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../../../auth/access.decorator';
import { Actor } from '../../../auth/actor';
import { CurrentActor } from '../../../auth/current-actor.decorator';
import { OVERSIGHT } from '../../../auth/roles';
import { RuleViolationException } from '../../../common/errors';
import { uuidParam } from '../../../common/uuid';
import { csvLine } from '../domain/annex-a';
import { resolvePeriod } from '../domain/period';
import { AccessLogQueryDto, BoardPackQueryDto, DashboardQueryDto, ExportQueryDto } from '../dto/oversight.dto';
import { AnnexAExportService } from '../exports/annex-a-export.service';
import { AccessLogService } from './access-log.service';
import { BoardPackService } from './board-pack.service';
import { DASHBOARD_DEFINITIONS } from './dashboard-definitions';
import { DashboardService } from './dashboard.service';

const DASHBOARD_DESCRIPTION = Object.entries(DASHBOARD_DEFINITIONS)
  .map(([k, v]) => `- **${k}**: ${v}`)
  .join('\n');

@ApiTags('oversight')
@Controller('api/v1')
export class ReportsController {
  constructor(
    private readonly dashboardService: DashboardService,
    private readonly boardPack: BoardPackService,
    private readonly annexA: AnnexAExportService,
    private readonly accessLog: AccessLogService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get('reports/dashboard')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'Manager dashboard: every SPEC MGT-2 figure, computed in Postgres', description: `Figures and their definitions:\n\n${DASHBOARD_DESCRIPTION}` })
  dashboard(@Query() query: DashboardQueryDto) {
    const period = this.period(query.from, query.to, 84);
    return this.dashboardService.dashboard({ ...period, nearBreachHours: query.nearBreachHours ?? 2 });
  }

  @Get('reports/board-pack')
  @Allow(...OVERSIGHT)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Anonymised board pack for [from, to) (default: last 90 days): counts only, small numbers suppressed (SPEC MGT-3)' })
  async boardPackReport(@Query() query: BoardPackQueryDto, @Res({ passthrough: true }) res: Response) {
    const { from, to } = this.period(query.from, query.to, 90);
    const pack = await this.boardPack.build(from, to);
    if (query.format !== 'csv') return pack;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="board-pack.csv"');
    return [csvLine(['section', 'measure', 'value']), ...pack.rows.map((r) => csvLine([r.section, r.measure, String(r.value)]))].join('');
  }

  @Get('exports/annex-a/list-1.csv')
  @Allow(...OVERSIGHT)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Ofsted ILACS Annex A List 1 (contacts): one row per child on each contact received in [from, to), streamed (SPEC MGT-3)' })
  async list1(@CurrentActor() actor: Actor, @Query() query: ExportQueryDto, @Res() res: Response) {
    const { from, to } = this.period(query.from, query.to, 0);
    await this.annexA.list1(actor, from, to, res);
  }

  @Get('exports/annex-a/list-3.csv')
  @Allow(...OVERSIGHT)
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Ofsted ILACS Annex A List 3 (referrals) received in [from, to), streamed (SPEC MGT-3)',
    description: 'A referral: a child whose current decision is cin_assessment, strategy_discussion, immediate_protection or existing_case. "Number of Referrals in Last 12 Months": the same child\'s other referrals received in the 12 months up to this one (boundary included).',
  })
  async list3(@CurrentActor() actor: Actor, @Query() query: ExportQueryDto, @Res() res: Response) {
    const { from, to } = this.period(query.from, query.to, 0);
    await this.annexA.list3(actor, from, to, res);
  }

  @Get('people/:id/access-log')
  @Allow('mash_manager')
  @ApiOperation({ summary: "Who viewed this child: every read of the child's record in the audit trail, newest first (SPEC MGT-4)" })
  accessLogFor(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Query() query: AccessLogQueryDto) {
    return this.accessLog.forPerson(actor, id, query.limit ?? 100, query.cursor);
  }

  private period(from: string | undefined, to: string | undefined, defaultDays: number): { from: Date; to: Date } {
    const { period, problems } = resolvePeriod(from, to, this.now(), defaultDays);
    if (!period) throw new RuleViolationException('The period is not valid', problems);
    return period;
  }
}
