import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { CreateContactDto } from '../../modules/contacts/dto/create-contact.dto';
import { ContactIntakeService } from '../../modules/contacts/use-cases/contact-intake.service';
import { FormBody } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { daBody, daNotificationPage, daPageRules, emptyDaAnswers, readDaForm, toRowDetails } from './da-notification';
import { attempt } from './page-support';
import { areaHomePage } from './partner-pages';
import { PartnerAreaPages } from './partner-area.service';

type WebRequest = Request & { actor?: Actor };

/**
 * Police pages (SPEC WEB-4, INT-5, STR-1, STR-4, CHK-1): domestic-abuse notifications naming each
 * child and whether each was seen; strategy discussions requested and invitations, with a decline's
 * reason and the route to challenge it; police checks to answer; minutes, and "not received".
 */
@ApiExcludeController()
@Controller('police')
export class PolicePagesController {
  constructor(
    private readonly area: PartnerAreaPages,
    private readonly intake: ContactIntakeService,
  ) {}

  @Get()
  @AllowPage('police')
  async home(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'partners/home', areaHomePage('police', await this.area.counts(actor)));
  }

  @Get('notifications/new')
  @AllowPage('police')
  notificationForm(@Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'partners/da-notification', daNotificationPage(emptyDaAnswers()));
  }

  @Post('notifications/new')
  @HttpCode(200)
  @AllowPage('police')
  async notify(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const { answers, add } = readDaForm(req.body as FormBody);
    if (add) return renderPage(req, res, 'partners/da-notification', daNotificationPage(answers));
    const pageRules = daPageRules(answers);
    const { value, details } = validateBody(CreateContactDto, daBody(answers));
    let receipt: { id: string; reference: string } | null = null;
    const failed = await attempt([...pageRules, ...toRowDetails(answers, details)], async () => {
      try {
        receipt = (await this.intake.createProfessional(actor, value)).body;
      } catch (error) {
        const d = (error as { details?: unknown }).details;
        if (Array.isArray(d)) (error as { details: unknown }).details = toRowDetails(answers, d);
        throw error;
      }
    });
    if (failed || !receipt) return renderPage(req, res, 'partners/da-notification', daNotificationPage(answers, failed ?? []), 400);
    const sent = receipt as { id: string; reference: string };
    req.session.flash = { title: `Notification sent: ${sent.reference}`, text: 'The MASH team will grade it and tell you what they decide. You can request a strategy discussion from here.', success: true };
    req.session.save(() => res.redirect(303, `/referrals/${sent.id}`));
  }

  @Get('checks')
  @AllowPage('police')
  checks(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.checksInbox('police', actor, req, res);
  }

  @Get('checks/:id')
  @AllowPage('police')
  check(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.check('police', actor, id, req, res);
  }

  @Post('checks/:id')
  @HttpCode(200)
  @AllowPage('police')
  answer(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.answerCheck('police', actor, id, req, res);
  }

  @Get('strategy-discussions')
  @AllowPage('police')
  strategyList(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.strategyList('police', actor, req, res);
  }

  @Get('strategy-discussions/:id')
  @AllowPage('police')
  strategy(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.strategyDetail('police', actor, id, req, res);
  }

  @Post('strategy-discussions/:id/challenge')
  @HttpCode(200)
  @AllowPage('police')
  challenge(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.challengeDecline('police', actor, id, req, res);
  }

  @Post('strategy-discussions/:id/minutes-not-received')
  @HttpCode(200)
  @AllowPage('police')
  notReceived(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.area.minutesNotReceived('police', actor, id, req, res);
  }
}
