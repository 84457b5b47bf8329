import { Controller, Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditTrailService } from '../../audit/audit-trail.service';
import { AuditVerifierService } from '../../audit/audit-verifier.service';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { AuthService } from '../../auth/auth.service';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { OVERSIGHT } from '../../auth/roles';
import { isUuid } from '../../common/uuid';
import { DecisionsQueryService } from '../../modules/decisions/decisions-query.service';
import { AuditSamplingService } from '../../modules/oversight/audits/audit-sampling.service';
import { AccessLogService } from '../../modules/oversight/reports/access-log.service';
import { renderPage } from '../render';
import { auditHomePage, decisionPage, decisionsPage, resultsPage, samplePage, trailPage, verifyPage, viewersPage } from './audit-pages';

type WebRequest = Request & { actor?: Actor };
const cursorOf = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * The audit trail and what auditors read (SPEC MGT-4, SEC-4): the trail, its verification, who
 * viewed a child (managers), and read-only views of decisions and audit results. These pages hold
 * no form at all, not even a filter: everything is a link, so an auditor can change nothing here.
 * Each read goes through the same service as its API route, so it is audited the same way.
 */
@ApiExcludeController()
@Controller('audit')
export class AuditPagesController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly verifier: AuditVerifierService,
    private readonly decisions: DecisionsQueryService,
    private readonly samples: AuditSamplingService,
    private readonly accessLog: AccessLogService,
    private readonly auth: AuthService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get()
  @AllowPage(...OVERSIGHT)
  async home(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'audit/home', auditHomePage(actor.role, await this.auth.accessExpiresAt(actor), this.now()));
  }

  @Get('trail')
  @AllowPage(...OVERSIGHT)
  async trailPage(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    const page = await this.trail.list({}, 50, cursorOf(cursor));
    renderPage(req, res, 'audit/trail', { ...trailPage(page.items, page.nextCursor, actor.role), ...(await this.expiry(actor)) });
  }

  @Get('verify')
  @AllowPage(...OVERSIGHT)
  async verify(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'audit/verify', { ...verifyPage(await this.verifier.verify()), ...(await this.expiry(actor)) });
  }

  @Get('people/:id/viewers')
  @AllowPage('mash_manager')
  async viewers(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    if (!isUuid(id)) throw new NotFoundException();
    const page = await this.accessLog.forPerson(actor, id, 50, cursorOf(cursor));
    renderPage(req, res, 'audit/viewers', viewersPage(id, page.items, page.nextCursor));
  }

  @Get('decisions')
  @AllowPage(...OVERSIGHT)
  async decisionsList(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    const page = await this.decisions.overrides(actor, { limit: 50, cursor: cursorOf(cursor) });
    renderPage(req, res, 'audit/decisions', { ...decisionsPage(page.items, page.nextCursor), ...(await this.expiry(actor)) });
  }

  @Get('decisions/:id')
  @AllowPage(...OVERSIGHT)
  async decision(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!isUuid(id)) throw new NotFoundException();
    renderPage(req, res, 'audit/decision', { ...decisionPage(await this.decisions.get(actor, id)), ...(await this.expiry(actor)) });
  }

  @Get('results')
  @AllowPage(...OVERSIGHT)
  async results(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const to = this.now();
    const from = new Date(to.getTime() - 365 * 86_400_000);
    renderPage(req, res, 'audit/results', { ...resultsPage(await this.samples.agreement({ from, to }), from, to), ...(await this.expiry(actor)) });
  }

  @Get('samples/:id')
  @AllowPage(...OVERSIGHT)
  async sample(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!isUuid(id)) throw new NotFoundException();
    renderPage(req, res, 'audit/sample', { ...samplePage(await this.samples.get(actor, id)), ...(await this.expiry(actor)) });
  }

  /** An auditor's access period is shown on every page they read (SPEC SEC-4). */
  private async expiry(actor: Actor) {
    return actor.role === 'auditor' ? { accessExpires: auditHomePage(actor.role, await this.auth.accessExpiresAt(actor), this.now()).accessExpires } : {};
  }
}
