import { Controller, Get, HttpCode, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ChecksQueryService } from '../../modules/checks/checks-query.service';
import { ChecksService } from '../../modules/checks/checks.service';
import { RequestCheckDto, WaiveCheckDto } from '../../modules/checks/dto/check.dto';
import type { RuleBreak } from '../../common/rule-break';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { attempt } from './attempt';
import { CaseContext } from './case-context';
import { DirectoryRepository } from './persistence/directory.repository';
import { checkRequestBody, CheckRequestAnswers, checkRequestAnswers, checksPage } from './view-models/checks';

type WebRequest = Request & { actor?: Actor };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Agency checks on a contact (SPEC CHK-1 to CHK-5): the checks asked and their answers as they
 * arrive, what a RED or AMBER decision still needs, a request form (ask another agency), and a
 * manager's waiver with a reason. The same use cases as /api/v1/contacts/{id}/checks and /checks/{id}/waive.
 */
@ApiExcludeController()
@Controller('mash/contacts/:contactId/checks')
export class CheckPagesController {
  constructor(
    private readonly context: CaseContext,
    private readonly checks: ChecksService,
    private readonly query: ChecksQueryService,
    private readonly directory: DirectoryRepository,
  ) {}

  @Get()
  @AllowPage('mash_worker', 'mash_manager')
  async list(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'casework/checks', await this.model(actor, contactId, checkRequestAnswers({})));
  }

  @Post()
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async request(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    await this.context.contact(actor, contactId);
    const answers = checkRequestAnswers(req.body as FormBody);
    const { value, details } = validateBody(RequestCheckDto, checkRequestBody(answers));
    const failed = await attempt(details, () => this.checks.request(actor, contactId, value));
    if (failed) return renderPage(req, res, 'casework/checks', await this.model(actor, contactId, answers, failed), failed.some((d) => d.rule.includes('.') || d.rule === 'exists') ? 422 : 400);
    req.session.flash = { title: 'Check requested', text: 'The agency can answer it now. Answers appear on this page as they arrive.', success: true };
    req.session.save(() => res.redirect(303, `/mash/contacts/${contactId}/checks`));
  }

  @Post(':checkId/waive')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async waive(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('checkId') checkId: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!UUID.test(checkId)) throw new NotFoundException();
    const view = await this.query.forContact(actor, contactId);
    if (!view.checks.some((c) => c.id === checkId)) throw new NotFoundException();
    const reason = text(req.body as FormBody, 'reason');
    const { value, details } = validateBody(WaiveCheckDto, { reason: reason || undefined });
    const failed = await attempt(reason ? details : [{ field: 'reason', rule: 'isNotEmpty', message: 'Say why the decision can go ahead without this check' }], () => this.checks.waive(actor, checkId, value));
    if (failed) return renderPage(req, res, 'casework/checks', await this.model(actor, contactId, checkRequestAnswers({}), undefined, { checkId, details: failed, reason }), 400);
    req.session.flash = { title: 'Check waived', text: 'A decision can go ahead without it. The reason is on the check.', success: true };
    req.session.save(() => res.redirect(303, `/mash/contacts/${contactId}/checks`));
  }

  private async model(actor: Actor, contactId: string, answers: CheckRequestAnswers, details?: RuleBreak[], waiving?: { checkId: string; details: RuleBreak[]; reason: string }) {
    const contact = await this.context.contact(actor, contactId);
    const view = await this.query.forContact(actor, contactId);
    const agencies = await this.directory.agencies();
    const names = await this.directory.namesOf(view.checks.flatMap((c) => [c.requestedByUserId, c.response?.respondedByUserId, c.waiver?.waivedByUserId]));
    return checksPage({ contact, view, agencies, names, answers, details, waiving, isManager: actor.role === 'mash_manager', now: new Date() });
  }
}
