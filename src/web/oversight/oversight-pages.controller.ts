import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { OVERSIGHT } from '../../auth/roles';
import { AuditService } from '../../audit/audit.service';
import type { RuleBreak } from '../../common/rule-break';
import { AuditSamplingService } from '../../modules/oversight/audits/audit-sampling.service';
import { csvLine } from '../../modules/oversight/domain/annex-a';
import { AnnexAExportService } from '../../modules/oversight/exports/annex-a-export.service';
import { BoardPackService } from '../../modules/oversight/reports/board-pack.service';
import { DashboardService } from '../../modules/oversight/reports/dashboard.service';
import { StrategyQueriesService } from '../../modules/strategy/strategy-queries.service';
import { FormBody, text } from '../forms/form-values';
import { renderPage } from '../render';
import { attempt, pageId } from '../partners/page-support';
import { auditFormPage, auditsPage, samplePage } from './audit-pages';
import { DASHBOARD_WEEKS, dashboardPage } from './dashboard-page';
import { exportsPage } from './exports-page';
import { monthPeriod } from './months';

type WebRequest = Request & { actor?: Actor };
const one = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Managers' oversight pages (SPEC MGT-1 to MGT-3, WEB-4): the dashboard, threshold audits and
 * exports. Managers and auditors read them; only managers draw samples and answer the audit form
 * (an auditor changes nothing, SPEC SEC-4), so an auditor's pages carry no forms that post.
 */
@ApiExcludeController()
@Controller('manager')
export class OversightPagesController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly strategy: StrategyQueriesService,
    private readonly audits: AuditSamplingService,
    private readonly annexA: AnnexAExportService,
    private readonly boardPack: BoardPackService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get('dashboard')
  @AllowPage(...OVERSIGHT)
  async dashboardPage(@Query('weeks') weeksParam: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const raw = one(weeksParam);
    const weeks = raw === undefined ? 12 : Number(raw);
    const valid = (DASHBOARD_WEEKS as readonly number[]).includes(weeks);
    const to = this.now();
    const from = DateTime.fromJSDate(to).minus({ weeks: valid ? weeks : 12 }).toJSDate();
    const [figures, minutesNotReceived] = await Promise.all([this.dashboard.dashboard({ from, to, nearBreachHours: 2 }), this.strategy.minutesNotReceivedCount()]);
    const model = dashboardPage(figures, { minutesNotReceived, weeks: valid ? weeks : 12 });
    if (valid) return renderPage(req, res, 'oversight/dashboard', { ...model, errors: {} });
    const problem = { text: 'Select a period from the list', href: '#weeks' };
    renderPage(req, res, 'oversight/dashboard', { ...model, title: `Error: ${model.title}`, errorSummary: [problem], errors: { weeks: { text: problem.text } } }, 400);
  }

  @Get('audits')
  @AllowPage(...OVERSIGHT)
  async auditsList(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    await this.renderAudits(actor, req, res);
  }

  @Post('audits')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async draw(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const month = text(req.body as FormBody, 'month');
    const period = monthPeriod(month);
    let drawn: { id: string } | null = null;
    const details: RuleBreak[] = period ? [] : [{ field: 'month', rule: 'MGT-1.month', message: 'Select the month to sample' }];
    const failed = await attempt(details, async () => {
      drawn = await this.audits.draw(actor, { from: period!.from.toISOString(), to: period!.to.toISOString() });
    }, 'month');
    if (failed || !drawn) return this.renderAudits(actor, req, res, month, failed ?? [], 400);
    const sample = drawn as { id: string; items: unknown[] };
    req.session.flash = { title: `Sample drawn: ${sample.items.length} decision${sample.items.length === 1 ? '' : 's'}`, success: true };
    req.session.save(() => res.redirect(303, `/manager/audits/${sample.id}`));
  }

  @Get('audits/:id')
  @AllowPage(...OVERSIGHT)
  async sample(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const s = await this.audits.get(actor, pageId(id));
    renderPage(req, res, 'oversight/audit-sample', samplePage(s as never, actor.role === 'mash_manager'));
  }

  @Get('audits/:id/decisions/:decisionId')
  @AllowPage(...OVERSIGHT)
  async auditForm(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('decisionId') decisionId: string, @Req() req: WebRequest, @Res() res: Response) {
    const { s, item } = await this.item(actor, id, decisionId);
    const mine = ((await this.audits.myAnswer(actor, s.id, item.decisionId)) ?? {}) as Record<string, string>;
    renderPage(req, res, 'oversight/audit-form', auditFormPage(s.id, item, s.form, mine, actor.role === 'mash_manager'));
  }

  @Post('audits/:id/decisions/:decisionId')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async answer(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('decisionId') decisionId: string, @Req() req: WebRequest, @Res() res: Response) {
    const { s, item } = await this.item(actor, id, decisionId);
    const body = req.body as FormBody;
    const answers: Record<string, string> = {};
    for (const q of s.form.questions) {
      const v = text(body, q.id);
      if (v) answers[q.id] = v;
    }
    const failed = await attempt([], () => this.audits.answer(actor, s.id, { decisionId: item.decisionId, answers }));
    if (failed) return renderPage(req, res, 'oversight/audit-form', auditFormPage(s.id, item, s.form, answers, true, failed), 400);
    const agreement = await this.audits.agreement({ sampleId: s.id });
    const rate = agreement.overall.rate === null ? 'no answers yet' : `${Math.round(agreement.overall.rate * 1000) / 10}%`;
    req.session.flash = { title: 'Audit answer saved', text: `Agreement in this sample is now ${rate}.`, success: true };
    req.session.save(() => res.redirect(303, `/manager/audits/${s.id}`));
  }

  @Get('exports')
  @AllowPage(...OVERSIGHT)
  exports(@Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'oversight/exports', exportsPage(this.now()));
  }

  @Get('exports/annex-a-list-1.csv')
  @AllowPage(...OVERSIGHT)
  async list1(@CurrentActor() actor: Actor, @Query('month') month: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const period = this.month(month, 'annex-a-list-1', req, res);
    if (period) await this.annexA.list1(actor, period.from, period.to, res);
  }

  @Get('exports/annex-a-list-3.csv')
  @AllowPage(...OVERSIGHT)
  async list3(@CurrentActor() actor: Actor, @Query('month') month: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const period = this.month(month, 'annex-a-list-3', req, res);
    if (period) await this.annexA.list3(actor, period.from, period.to, res);
  }

  @Get('exports/board-pack.csv')
  @AllowPage(...OVERSIGHT)
  async boardPackCsv(@CurrentActor() actor: Actor, @Query('month') month: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const period = this.month(month, 'board-pack', req, res);
    if (!period) return;
    const pack = await this.boardPack.build(period.from, period.to);
    // Every download is in the audit trail (SPEC MGT-3, MGT-4), as the Annex A lists record theirs.
    await this.audit.recordRead(actor, 'board_pack', 'csv', { from: pack.from, to: pack.to });
    res.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="board-pack.csv"');
    res.send([csvLine(['section', 'measure', 'value']), ...pack.rows.map((r) => csvLine([r.section, r.measure, String(r.value)]))].join(''));
  }

  private month(month: unknown, exportId: string, req: WebRequest, res: Response) {
    const value = one(month) ?? '';
    const period = monthPeriod(value);
    if (period) return period;
    renderPage(req, res, 'oversight/exports', exportsPage(this.now(), undefined, exportId, [{ field: 'month', rule: 'MGT-3.month', message: 'Select a month from the list' }]), 400);
    return null;
  }

  private async renderAudits(actor: Actor, req: WebRequest, res: Response, month?: string, details: RuleBreak[] = [], status = 200) {
    const now = this.now();
    const from = DateTime.fromJSDate(now).setZone('Europe/London').startOf('month').minus({ months: 11 }).toJSDate();
    const [samples, overTime] = await Promise.all([this.audits.list(), this.audits.agreementByMonth(from, now)]);
    renderPage(req, res, 'oversight/audits', auditsPage(samples, overTime, now, { canDraw: actor.role === 'mash_manager', month, details }), status);
  }

  /** One decision of the sample: a read of that decision, not of the whole sample. */
  private async item(actor: Actor, id: string, decisionId: string) {
    const s = await this.audits.item(actor, pageId(id), pageId(decisionId));
    return { s, item: s.item as Parameters<typeof auditFormPage>[1] };
  }
}
