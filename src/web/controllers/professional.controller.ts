import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { PROFESSIONALS } from '../../auth/roles';
import { RuleViolationException } from '../../common/errors';
import type { RuleBreak } from '../../common/rule-break';
import { ChallengesService } from '../../modules/challenges/challenges.service';
import { RaiseChallengeDto } from '../../modules/challenges/dto/challenge.dto';
import { AddInformationDto } from '../../modules/contacts/dto/add-information.dto';
import { CreateContactDto } from '../../modules/contacts/dto/create-contact.dto';
import { ContactInformationService } from '../../modules/contacts/use-cases/contact-information.service';
import { ContactIntakeService } from '../../modules/contacts/use-cases/contact-intake.service';
import { ContactReaderService } from '../../modules/contacts/use-cases/contact-reader.service';
import { FeedbackService } from '../../modules/feedback/feedback.service';
import { RequestStrategyDto } from '../../modules/strategy/dto/strategy.dto';
import { StrategyRequestsService } from '../../modules/strategy/strategy-requests.service';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { professionalBody } from '../referral/draft';
import { clearDraft, loadDraft, postPage, showPage, submitDraft } from '../referral/journey';
import { ReferralRules } from '../referral/referral-rules';
import { renderPage } from '../render';
import { addInformationPage } from '../view-models/public-pages';
import { myReferralsPage } from '../view-models/my-referrals';
import { referralDetailPage } from '../view-models/referral-detail';
import { challengePage, strategyRequestPage } from '../view-models/referral-actions';

type WebRequest = Request & { actor?: Actor };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Pages of referrers, police and partner agencies (SPEC WEB-4): make a referral, my referrals with
 * their feedback, add information, request a strategy discussion, challenge a decision. Each calls
 * the use case behind the matching API route with the same actor, so scoping (404 for another
 * referrer's referral) and the audit trail are the API's own.
 */
@ApiExcludeController()
@Controller('referrals')
export class ProfessionalController {
  constructor(
    private readonly rules: ReferralRules,
    private readonly intake: ContactIntakeService,
    private readonly reader: ContactReaderService,
    private readonly information: ContactInformationService,
    private readonly feedback: FeedbackService,
    private readonly challenges: ChallengesService,
    private readonly strategy: StrategyRequestsService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get()
  @AllowPage(...PROFESSIONALS)
  async mine(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    const page = await this.reader.mine(actor, 25, typeof cursor === 'string' ? cursor : undefined);
    renderPage(req, res, 'pages/my-referrals', myReferralsPage(page.items, page.nextCursor));
  }

  @Get('new')
  @AllowPage(...PROFESSIONALS)
  start(@Req() req: WebRequest, @Res() res: Response) {
    clearDraft(req, 'professional');
    req.session.save(() => res.redirect(303, '/referrals/new/what-happened'));
  }

  @Get('new/:page')
  @AllowPage(...PROFESSIONALS)
  show(@Param('page') page: string, @Req() req: WebRequest, @Res() res: Response) {
    showPage('professional', page, req, res);
  }

  @Post('new/check-answers')
  @HttpCode(200)
  @AllowPage(...PROFESSIONALS)
  async send(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const body = professionalBody(loadDraft(req, 'professional'));
    const receipt = await submitDraft('professional', req, res, this.rules, body, async (key) => (await this.intake.createProfessional(actor, validateBody(CreateContactDto, body).value, key)).body);
    if (!receipt) return;
    clearDraft(req, 'professional');
    req.session.flash = { title: `Referral sent: ${receipt.reference}`, text: 'We will tell you what we decide. You can add information at any time.', success: true };
    req.session.save(() => res.redirect(303, `/referrals/${receipt.id}`));
  }

  @Post('new/:page')
  @HttpCode(200)
  @AllowPage(...PROFESSIONALS)
  answer(@Param('page') page: string, @Req() req: WebRequest, @Res() res: Response) {
    postPage('professional', page, req, res, this.rules);
  }

  @Get(':id')
  @AllowPage(...PROFESSIONALS)
  async detail(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'pages/referral-detail', await this.detailModel(actor, id));
  }

  @Get(':id/add-information')
  @AllowPage(...PROFESSIONALS)
  async addInformationForm(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    await this.reader.get(actor, id); // 404 when not theirs
    renderPage(req, res, 'pages/add-information', addInformationPage({ action: `/referrals/${id}/add-information`, back: `/referrals/${id}`, note: '', exitThisPage: false }));
  }

  @Post(':id/add-information')
  @HttpCode(200)
  @AllowPage(...PROFESSIONALS)
  async addInformation(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const note = text(req.body as FormBody, 'note');
    const { value, details } = validateBody(AddInformationDto, { note: note || null });
    let receipt: { contactId: string; reference: string; followsContactId: string | null } | undefined;
    const failed = await this.attempt(details, async () => {
      receipt = await this.information.addByUser(actor, id, value);
    });
    if (failed) return renderPage(req, res, 'pages/add-information', addInformationPage({ action: `/referrals/${id}/add-information`, back: `/referrals/${id}`, note, exitThisPage: false, details: failed }), 400);
    // Every child on this referral already had a decision: the information opened a new referral,
    // linked to this one, so a person reads it (it is never a note on a closed record).
    const opened = receipt?.followsContactId ? receipt : undefined;
    req.session.flash = opened
      ? { title: 'Information added', text: `Every child on this referral already had a decision, so it is a new referral, ${opened.reference}, linked to this one. The MASH team can see it now.`, success: true }
      : { title: 'Information added', text: 'The MASH team can see it now.', success: true };
    req.session.save(() => res.redirect(303, `/referrals/${opened ? opened.contactId : id}`));
  }

  @Get(':id/strategy-discussion')
  @AllowPage(...PROFESSIONALS)
  async strategyForm(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const contact = await this.reader.get(actor, id);
    renderPage(req, res, 'pages/strategy-request', strategyRequestPage(contact, {}));
  }

  @Post(':id/strategy-discussion')
  @HttpCode(200)
  @AllowPage(...PROFESSIONALS)
  async requestStrategy(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const contact = await this.reader.get(actor, id);
    const body = req.body as FormBody;
    const answers = { subjectId: text(body, 'subjectId'), reason: text(body, 'reason'), urgency: text(body, 'urgency') };
    const plain = { contactId: id, subjectId: answers.subjectId || (contact.subjects.length === 1 ? contact.subjects[0].id : undefined), reason: answers.reason, urgency: answers.urgency || undefined };
    const { value, details } = validateBody(RequestStrategyDto, plain);
    const failed = await this.attempt(details, () => this.strategy.request(actor, value));
    if (failed) return renderPage(req, res, 'pages/strategy-request', strategyRequestPage(contact, answers, failed), 400);
    req.session.flash = { title: 'Strategy discussion requested', text: 'The MASH team will tell you when it is arranged.', success: true };
    req.session.save(() => res.redirect(303, `/referrals/${id}`));
  }

  @Get(':id/challenge')
  @AllowPage(...PROFESSIONALS)
  async challengeForm(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const contact = await this.reader.get(actor, id);
    const decisions = await this.feedback.referrerFeedback([id]);
    renderPage(req, res, 'pages/challenge', challengePage(contact, decisions.get(id) ?? [], {}));
  }

  @Post(':id/challenge')
  @HttpCode(200)
  @AllowPage(...PROFESSIONALS)
  async challenge(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const contact = await this.reader.get(actor, id);
    const feedback = (await this.feedback.referrerFeedback([id])).get(id) ?? [];
    const body = req.body as FormBody;
    const answers = { decisionId: text(body, 'decisionId'), reason: text(body, 'reason') };
    // Only decisions on this referral can be chosen here; anything else is the use case's 404.
    const { value, details } = validateBody(RaiseChallengeDto, { targetType: 'decision', targetId: answers.decisionId, reason: answers.reason });
    const failed = await this.attempt(details, async () => {
      try {
        return await this.challenges.raise(actor, value);
      } catch (error) {
        const status = (error as { getStatus?: () => number }).getStatus?.();
        if (status === 409 || status === 404) throw new RuleViolationException('refused', [{ field: 'targetId', rule: status === 409 ? 'ESC-1.not-challengeable' : 'ESC-1.not-found', message: (error as Error).message }]);
        throw error;
      }
    });
    if (failed) return renderPage(req, res, 'pages/challenge', challengePage(contact, feedback, answers, failed), 400);
    req.session.flash = { title: 'Challenge raised', text: 'A manager will answer it within the time shown below.', success: true };
    req.session.save(() => res.redirect(303, `/referrals/${id}`));
  }

  /** Runs a use case after the API's validation; its 422 details (or the validation's) come back for the page. */
  private async attempt(details: RuleBreak[], run: () => Promise<unknown>): Promise<RuleBreak[] | null> {
    if (details.length) return details;
    try {
      await run();
      return null;
    } catch (error) {
      if (error instanceof RuleViolationException) return error.details;
      throw error;
    }
  }

  private async detailModel(actor: Actor, id: string) {
    if (!UUID.test(id)) throw new NotFoundException();
    const contact = await this.reader.get(actor, id);
    const feedback = (await this.feedback.referrerFeedback([id])).get(id) ?? [];
    const challenges = (await this.challenges.list(actor, { mine: true })).items.filter((c) => c.contactId === id);
    return referralDetailPage(
      contact as never,
      feedback.map((f) => ({ ...f, content: { subject: f.subject, text: f.text } })),
      challenges,
      this.now(),
    );
  }
}
