import { ConflictException, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminService } from '../../admin/admin.service';
import { ChangeRoleDto, CreateAgencyDto, CreateUserDto } from '../../admin/dto/admin.dto';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RuleViolationException } from '../../common/errors';
import type { RuleBreak } from '../../common/rule-break';
import { isUuid } from '../../common/uuid';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { RuntimeConfiguration } from './runtime-configuration';
import { accountPage, accountsPage, agenciesPage, agencyFormPage, approvalsPage, emailDomainLines, configurationPage, homePage, invitePage, londonDateTime } from './administration-pages';

type WebRequest = Request & { actor?: Actor };
const ACTIONS = { deactivate: 'Access ended', reactivate: 'Access given back', unlock: 'Account unlocked', 'password-reset': 'Password link sent' } as const;
type AccountAction = keyof typeof ACTIONS;

/**
 * Administrators' pages (SPEC SEC-4, WEB): agencies and accounts with their lifecycle (invite,
 * deactivate, reactivate, unlock, reset, change role with a second administrator's approval) and the
 * runtime configuration in force, read-only. Every action is AdminService's, so each is the API's
 * own rule and audit event. Nothing here reads case data; case pages answer an administrator 404.
 */
@ApiExcludeController()
@Controller('administration')
export class AdministrationController {
  constructor(
    private readonly admin: AdminService,
    private readonly configuration: RuntimeConfiguration,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get()
  @AllowPage('admin')
  async home(@Req() req: WebRequest, @Res() res: Response) {
    const pending = await this.admin.listPendingGrants();
    renderPage(req, res, 'administration/home', homePage(pending.items.length));
  }

  @Get('accounts')
  @AllowPage('admin')
  async accounts(@Req() req: WebRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    const [page, agencies] = await Promise.all([this.admin.list(typeof cursor === 'string' ? cursor : undefined, 50), this.admin.listAgencies()]);
    renderPage(req, res, 'administration/accounts', accountsPage(page.items, page.nextCursor, agencies.items));
  }

  @Get('accounts/invite')
  @AllowPage('admin')
  async inviteForm(@Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'administration/invite', invitePage((await this.admin.listAgencies()).items, {}));
  }

  @Post('accounts/invite')
  @HttpCode(200)
  @AllowPage('admin')
  async invite(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const body = req.body as FormBody;
    const answers = { email: text(body, 'email'), name: text(body, 'name'), role: text(body, 'role'), agencyId: text(body, 'agencyId'), accessExpiresAt: text(body, 'accessExpiresAt') };
    const plain = { email: answers.email, name: answers.name, role: answers.role, agencyId: answers.agencyId, ...(answers.accessExpiresAt ? { accessExpiresAt: isoFromDate(answers.accessExpiresAt) } : {}) };
    const { value, details } = validateBody(CreateUserDto, plain);
    let created: { id: string } | null = null;
    const failed = details.length ? details : await attempt(async () => (created = await this.admin.createUser(actor, value)), { conflictField: 'email', conflictRule: 'unique' });
    if (failed) return renderPage(req, res, 'administration/invite', invitePage((await this.admin.listAgencies()).items, answers, failed), 400);
    req.session.flash = { title: 'Account created', text: 'A second administrator must approve its role. The person is then e-mailed a link to choose a password.', success: true };
    req.session.save(() => res.redirect(303, `/administration/accounts/${created!.id}`));
  }

  @Get('accounts/:id')
  @AllowPage('admin')
  async account(@Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!isUuid(id)) throw new NotFoundException();
    const [account, agencies] = await Promise.all([this.admin.get(id), this.admin.listAgencies()]);
    renderPage(req, res, 'administration/account', accountPage(account, agencies.items, this.now(), {}));
  }

  @Post('accounts/:id/role')
  @HttpCode(200)
  @AllowPage('admin')
  async changeRole(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!isUuid(id)) throw new NotFoundException();
    const body = req.body as FormBody;
    const answers = { role: text(body, 'role'), accessExpiresAt: text(body, 'accessExpiresAt') };
    const { value, details } = validateBody(ChangeRoleDto, { role: answers.role, ...(answers.accessExpiresAt ? { accessExpiresAt: isoFromDate(answers.accessExpiresAt) } : {}) });
    const failed = details.length ? details : await attempt(() => this.admin.changeRole(actor, id, value), { conflictField: 'role', conflictRule: 'SEC-4.one-request-at-a-time' });
    if (failed) {
      const [account, agencies] = await Promise.all([this.admin.get(id), this.admin.listAgencies()]);
      return renderPage(req, res, 'administration/account', accountPage(account, agencies.items, this.now(), answers, failed), 400);
    }
    req.session.flash = { title: 'Role change requested', text: 'It applies when a second administrator approves it.', success: true };
    req.session.save(() => res.redirect(303, `/administration/accounts/${id}`));
  }

  @Post('accounts/:id/:action')
  @HttpCode(200)
  @AllowPage('admin')
  async act(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('action') action: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!isUuid(id) || !(action in ACTIONS)) throw new NotFoundException();
    const run: Record<AccountAction, () => Promise<unknown>> = {
      deactivate: () => this.admin.deactivate(actor, id),
      reactivate: () => this.admin.reactivate(actor, id),
      unlock: () => this.admin.unlock(actor, id),
      'password-reset': () => this.admin.sendPasswordReset(actor, id),
    };
    const failed = await attempt(run[action as AccountAction], { conflictField: 'action', conflictRule: 'SEC-1.account-state' });
    if (failed) {
      const [account, agencies] = await Promise.all([this.admin.get(id), this.admin.listAgencies()]);
      return renderPage(req, res, 'administration/account', accountPage(account, agencies.items, this.now(), {}, failed), 400);
    }
    req.session.flash = { title: ACTIONS[action as AccountAction], success: true };
    req.session.save(() => res.redirect(303, `/administration/accounts/${id}`));
  }

  @Get('approvals')
  @AllowPage('admin')
  async approvals(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'administration/approvals', await this.approvalsModel(actor));
  }

  @Post('approvals/:id/:decision')
  @HttpCode(200)
  @AllowPage('admin')
  async decide(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('decision') decision: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!isUuid(id) || !['approve', 'reject'].includes(decision)) throw new NotFoundException();
    const failed = await attempt(() => (decision === 'approve' ? this.admin.approveGrant(actor, id) : this.admin.rejectGrant(actor, id)), {
      conflictField: 'grant', conflictRule: 'SEC-4.already-decided', forbiddenRule: 'SEC-4.second-administrator',
    });
    if (failed) return renderPage(req, res, 'administration/approvals', await this.approvalsModel(actor, failed), 400);
    req.session.flash = { title: decision === 'approve' ? 'Role approved' : 'Role refused', success: true };
    req.session.save(() => res.redirect(303, '/administration/approvals'));
  }

  @Get('agencies')
  @AllowPage('admin')
  async agencies(@Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'administration/agencies', agenciesPage((await this.admin.listAgencies()).items));
  }

  @Get('agencies/new')
  @AllowPage('admin')
  agencyForm(@Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'administration/agency-new', agencyFormPage({}));
  }

  @Post('agencies/new')
  @HttpCode(200)
  @AllowPage('admin')
  async createAgency(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const body = req.body as FormBody;
    const answers = { name: text(body, 'name'), type: text(body, 'type'), email: text(body, 'email'), emailDomains: text(body, 'emailDomains') };
    const domains = emailDomainLines(answers.emailDomains);
    const { value, details } = validateBody(CreateAgencyDto, { name: answers.name, type: answers.type, ...(answers.email ? { email: answers.email } : {}), ...(domains.length ? { emailDomains: domains } : {}) });
    const failed = details.length ? details : await attempt(() => this.admin.createAgency(actor, value), {});
    if (failed) return renderPage(req, res, 'administration/agency-new', agencyFormPage(answers, failed), 400);
    req.session.flash = { title: `Agency added: ${answers.name}`, success: true };
    req.session.save(() => res.redirect(303, '/administration/agencies'));
  }

  @Get('configuration')
  @AllowPage('admin')
  configurationInForce(@Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'administration/configuration', configurationPage(this.configuration.inForce(), this.now()));
  }

  private async approvalsModel(actor: Actor, failed?: RuleBreak[]) {
    const [grants, accounts] = await Promise.all([this.admin.listPendingGrants(), this.admin.list(undefined, 500)]);
    const byId = new Map(accounts.items.map((a) => [a.id, a]));
    return approvalsPage(
      grants.items.map((g) => ({ ...g, account: byId.get(g.userId), requestedBy: byId.get(g.requestedByUserId)?.name ?? 'another administrator', requestedAtText: londonDateTime(g.requestedAt), mine: g.requestedByUserId === actor.userId || g.userId === actor.userId })),
      failed,
    );
  }
}

/** A date typed as YYYY-MM-DD means the end of that day (UTC); anything else goes to the DTO as typed, for it to judge. */
function isoFromDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value;
}

/** Runs an administration use case; its refusals come back as the page's error summary (same rule ids as the API). */
async function attempt(run: () => Promise<unknown>, how: { conflictField?: string; conflictRule?: string; forbiddenRule?: string }): Promise<RuleBreak[] | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof RuleViolationException) return error.details;
    if (error instanceof ConflictException) return [{ field: how.conflictField ?? 'form', rule: how.conflictRule ?? 'conflict', message: error.message }];
    if (error instanceof ForbiddenException && how.forbiddenRule) return [{ field: 'grant', rule: how.forbiddenRule, message: error.message }];
    throw error;
  }
}
