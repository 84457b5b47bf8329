import { Controller, Get, HttpCode, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import type { Request, Response } from 'express';
import { PublicPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RuleViolationException } from '../../common/errors';
import { LIMITS, RateLimit } from '../../common/throttling';
import { AddInformationDto } from '../../modules/contacts/dto/add-information.dto';
import { CreatePublicContactDto } from '../../modules/contacts/dto/create-contact.dto';
import { ContactIntakeService } from '../../modules/contacts/use-cases/contact-intake.service';
import { PublicTrackingService } from '../../modules/contacts/use-cases/public-tracking.service';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { publicBody } from '../referral/draft';
import { clearDraft, loadDraft, postPage, showPage, submitDraft } from '../referral/journey';
import { ReferralRules } from '../referral/referral-rules';
import { renderPage } from '../render';
import { addInformationPage, checkReportPage, confirmationPage, publicStatusPage, startPage } from '../view-models/public-pages';

interface Tracked {
  reference: string;
  token: string;
}

/**
 * Pages for the public (SPEC INT-1, INT-6, INT-7, WEB-4): tell us about a worry for a child, with no
 * account and anonymously if they wish; then check it with the reference and token, and add to it.
 * The reference and token never travel in a URL: they are posted once and kept in the session.
 */
@ApiExcludeController()
@Controller()
export class PublicReferralController {
  constructor(
    private readonly rules: ReferralRules,
    private readonly intake: ContactIntakeService,
    private readonly tracking: PublicTrackingService,
  ) {}

  @Get()
  @PublicPage()
  start(@Req() req: Request, @Res() res: Response) {
    renderPage(req, res, 'pages/start', startPage());
  }

  @Get('report/confirmation')
  @PublicPage()
  confirmation(@Req() req: Request, @Res() res: Response) {
    const receipt = req.session?.publicReceipt as { reference: string; trackingToken: string | null; receivedAt: string } | undefined;
    if (!receipt) return res.redirect(303, '/');
    // Shown once: the token is stored only as a hash, and leaves the session with this page.
    delete req.session.publicReceipt;
    req.session.save(() => renderPage(req, res, 'pages/confirmation', confirmationPage(receipt)));
  }

  @Get('report/:page')
  @PublicPage()
  show(@Param('page') page: string, @Req() req: Request, @Res() res: Response) {
    showPage('public', page, req, res);
  }

  @Post('report/check-answers')
  @HttpCode(200)
  @PublicPage()
  @RateLimit(LIMITS.public, LIMITS.publicIntakeGlobal)
  async send(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const body = publicBody(loadDraft(req, 'public'));
    const receipt = await submitDraft('public', req, res, this.rules, body, async (key) => (await this.intake.createPublic(actor, plainToInstance(CreatePublicContactDto, body), key)).body);
    if (!receipt) return;
    clearDraft(req, 'public');
    req.session.publicReceipt = receipt;
    req.session.save(() => res.redirect(303, '/report/confirmation'));
  }

  @Post('report/:page')
  @HttpCode(200)
  @PublicPage()
  answer(@Param('page') page: string, @Req() req: Request, @Res() res: Response) {
    postPage('public', page, req, res, this.rules);
  }

  @Get('check')
  @PublicPage()
  checkForm(@Req() req: Request, @Res() res: Response) {
    renderPage(req, res, 'pages/check', checkReportPage({ reference: '' }));
  }

  @Post('check')
  @HttpCode(200)
  @PublicPage()
  @RateLimit(LIMITS.public)
  async check(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const body = req.body as FormBody;
    const tracked = { reference: text(body, 'reference').toUpperCase(), token: text(body, 'token') };
    if (!tracked.reference || !tracked.token) return renderPage(req, res, 'pages/check', checkReportPage({ reference: tracked.reference, missingReference: !tracked.reference, missingToken: !tracked.token }), 400);
    try {
      await this.tracking.status(actor, tracked.reference, tracked.token);
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
      // One answer for an unknown reference and a wrong token (SPEC SEC-2).
      return renderPage(req, res, 'pages/check', checkReportPage({ reference: tracked.reference, noMatch: true }), 404);
    }
    req.session.tracked = tracked;
    req.session.save(() => res.redirect(303, '/check/status'));
  }

  @Get('check/status')
  @PublicPage()
  async status(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const tracked = req.session?.tracked as Tracked | undefined;
    if (!tracked) return res.redirect(303, '/check');
    const view = await this.tracking.status(actor, tracked.reference, tracked.token);
    renderPage(req, res, 'pages/status', publicStatusPage(view));
  }

  @Get('check/add-information')
  @PublicPage()
  addInformationForm(@Req() req: Request, @Res() res: Response) {
    const tracked = req.session?.tracked as Tracked | undefined;
    if (!tracked) return res.redirect(303, '/check');
    renderPage(req, res, 'pages/add-information', addInformationPage({ action: '/check/add-information', back: '/check/status', note: '', exitThisPage: true }));
  }

  @Post('check/add-information')
  @HttpCode(200)
  @PublicPage()
  @RateLimit(LIMITS.public)
  async addInformation(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const tracked = req.session?.tracked as Tracked | undefined;
    if (!tracked) return res.redirect(303, '/check');
    const note = text(req.body as FormBody, 'note');
    const model = { action: '/check/add-information', back: '/check/status', note, exitThisPage: true };
    const { value, details } = validateBody(AddInformationDto, { note: note || null });
    try {
      if (details.length) throw new RuleViolationException('invalid', details);
      await this.tracking.addInformation(actor, tracked.reference, tracked.token, value);
    } catch (error) {
      if (!(error instanceof RuleViolationException)) throw error;
      return renderPage(req, res, 'pages/add-information', addInformationPage({ ...model, details: error.details }), 400);
    }
    req.session.flash = { title: 'Thank you: we have added this to your report', text: 'A social worker will read it.' };
    req.session.save(() => res.redirect(303, '/check/status'));
  }
}
