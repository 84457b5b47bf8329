import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RejectStepDownDto } from '../../modules/step-downs/dto/step-down.dto';
import { StepDownsService } from '../../modules/step-downs/step-downs.service';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { attempt, pageId } from './page-support';
import { areaHomePage, stepDownPage, stepDownsPage } from './partner-pages';
import { PartnerAreaPages } from './partner-area.service';

type WebRequest = Request & { actor?: Actor };

/**
 * Partner agencies' pages (health, education, housing, early help; SPEC WEB-4, CHK-1, STEP-2, STR-4):
 * the checks inbox of their own agency; step-downs offered to them as lead professional, with the
 * handover, to accept or decline; strategy invitations and minutes.
 */
@ApiExcludeController()
@Controller('agency')
export class AgencyPagesController {
  constructor(
    private readonly area: PartnerAreaPages,
    private readonly stepDowns: StepDownsService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get()
  @AllowPage('partner')
  async home(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const [counts, stepDowns] = await Promise.all([this.area.counts(actor), this.stepDowns.pendingOfferCount(actor)]);
    renderPage(req, res, 'partners/home', areaHomePage('agency', { ...counts, stepDowns }));
  }

  @Get('checks')
  @AllowPage('partner')
  checks(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.checksInbox('agency', actor, req, res);
  }

  @Get('checks/:id')
  @AllowPage('partner')
  check(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.check('agency', actor, id, req, res);
  }

  @Post('checks/:id')
  @HttpCode(200)
  @AllowPage('partner')
  answer(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.answerCheck('agency', actor, id, req, res);
  }

  @Get('step-downs')
  @AllowPage('partner')
  async stepDownList(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'partners/step-downs', stepDownsPage(await this.stepDowns.offeredTo(actor), this.now()));
  }

  @Get('step-downs/:id')
  @AllowPage('partner')
  async stepDown(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'partners/step-down', stepDownPage(await this.offer(actor, id), this.now()));
  }

  @Post('step-downs/:id/accept')
  @HttpCode(200)
  @AllowPage('partner')
  async accept(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const offer = await this.offer(actor, id);
    const failed = await attempt([], () => this.stepDowns.accept(actor, offer.id), 'reason');
    if (failed) return renderPage(req, res, 'partners/step-down', stepDownPage(offer, this.now(), '', failed), 409);
    req.session.flash = { title: `You are now the lead professional for ${offer.child.name}`, text: 'The MASH team, the GP and the school are told.', success: true };
    req.session.save(() => res.redirect(303, `/agency/step-downs/${offer.id}`));
  }

  @Post('step-downs/:id/decline')
  @HttpCode(200)
  @AllowPage('partner')
  async decline(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const offer = await this.offer(actor, id);
    const reason = text(req.body as FormBody, 'reason');
    const { value, details } = validateBody(RejectStepDownDto, { reason });
    const failed = await attempt(reason ? details : [{ field: 'reason', rule: 'STEP-2.reason', message: 'Enter why you decline' }], () => this.stepDowns.reject(actor, offer.id, value.reason), 'reason');
    if (failed) return renderPage(req, res, 'partners/step-down', stepDownPage(offer, this.now(), reason, failed), 400);
    req.session.flash = { title: 'Step-down declined', text: 'The child goes back to the MASH team, who will decide what happens next.', success: true };
    req.session.save(() => res.redirect(303, `/agency/step-downs/${offer.id}`));
  }

  @Get('strategy-discussions')
  @AllowPage('partner')
  strategyList(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.strategyList('agency', actor, req, res);
  }

  @Get('strategy-discussions/:id')
  @AllowPage('partner')
  strategy(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.strategyDetail('agency', actor, id, req, res);
  }

  @Post('strategy-discussions/:id/challenge')
  @HttpCode(200)
  @AllowPage('partner')
  challenge(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.challengeDecline('agency', actor, id, req, res);
  }

  @Post('strategy-discussions/:id/minutes-not-received')
  @HttpCode(200)
  @AllowPage('partner')
  notReceived(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.minutesNotReceived('agency', actor, id, req, res);
  }

  /** A step-down offered to the caller or their agency; any other id is 404 (SPEC SEC-2). */
  private offer(actor: Actor, id: string) {
    return this.stepDowns.offeredOne(actor, pageId(id));
  }
}
