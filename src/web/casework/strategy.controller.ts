import { Controller, Get, HttpCode, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import type { RuleBreak } from '../../common/rule-break';
import { ConveneDto, RecordStrategyDto, RequestStrategyDto } from '../../modules/strategy/dto/strategy.dto';
import { StrategyMeetingsService } from '../../modules/strategy/strategy-meetings.service';
import { StrategyMinutes } from '../../modules/strategy/strategy-minutes.service';
import { StrategyQueriesService } from '../../modules/strategy/strategy-queries.service';
import { StrategyRecordService } from '../../modules/strategy/strategy-record.service';
import { StrategyRequestsService } from '../../modules/strategy/strategy-requests.service';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { attempt } from './attempt';
import { CaseContext } from './case-context';
import { DirectoryRepository } from './persistence/directory.repository';
import { conveneAnswers, conveneBody, ConveneAnswers, recordAnswers, recordBody, RecordAnswers, strategyContactPage, strategyPage, StrategyFull } from './view-models/strategy';

type WebRequest = Request & { actor?: Actor };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (id: string) => {
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
};

/**
 * Strategy discussions (SPEC STR-1 to STR-4): ask for one from a contact, convene it (police and
 * children's social care required), record attendance, the evidence shared with police (shown
 * before the outcome), the outcome, and distribute the minutes. The same use cases as
 * /api/v1/strategy-discussions.
 */
@ApiExcludeController()
@Controller('mash')
export class StrategyPagesController {
  constructor(
    private readonly context: CaseContext,
    private readonly requests: StrategyRequestsService,
    private readonly meetings: StrategyMeetingsService,
    private readonly recording: StrategyRecordService,
    private readonly minutes: StrategyMinutes,
    private readonly queries: StrategyQueriesService,
    private readonly directory: DirectoryRepository,
  ) {}

  @Get('contacts/:contactId/strategy')
  @AllowPage('mash_worker', 'mash_manager')
  async forContact(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'casework/strategy-contact', await this.contactModel(actor, contactId, { subjectId: '', reason: '', urgency: '' }));
  }

  @Post('contacts/:contactId/strategy')
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async request(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    const contact = await this.context.contact(actor, contactId);
    const body = req.body as FormBody;
    const answers = { subjectId: text(body, 'subjectId'), reason: text(body, 'reason'), urgency: text(body, 'urgency') };
    const subjectId = answers.subjectId || (contact.subjects.length === 1 ? contact.subjects[0].id : undefined);
    const { value, details } = validateBody(RequestStrategyDto, { contactId, subjectId, reason: answers.reason || undefined, urgency: answers.urgency || undefined });
    let id = '';
    const failed = await attempt(details, async () => {
      id = (await this.requests.request(actor, value)).id;
    });
    if (failed) return renderPage(req, res, 'casework/strategy-contact', await this.contactModel(actor, contactId, answers, failed), 422);
    req.session.save(() => res.redirect(303, `/mash/strategy/${id}`));
  }

  @Get('strategy/:id')
  @AllowPage('mash_worker', 'mash_manager')
  async show(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'casework/strategy', await this.model(actor, uuid(id), {}));
  }

  @Post('strategy/:id/convene')
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async convene(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const answers = conveneAnswers(req.body as FormBody);
    const { value, details } = validateBody(ConveneDto, conveneBody(answers));
    let next = uuid(id);
    const failed = await attempt(details, async () => {
      next = (await this.meetings.convene(actor, id, value)).discussion.id;
    });
    if (failed) return renderPage(req, res, 'casework/strategy', await this.model(actor, id, { convene: answers, details: failed }), 422);
    req.session.flash = { title: 'Strategy discussion convened', text: 'Record attendance and the outcome once it has been held.', success: true };
    req.session.save(() => res.redirect(303, `/mash/strategy/${next}`));
  }

  @Post('strategy/:id/record')
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async record(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const d = (await this.queries.get(actor, uuid(id))) as unknown as StrategyFull;
    const { evidence } = await this.context.contact(actor, d.contactId);
    const answers = recordAnswers(req.body as FormBody, d, evidence);
    const { value, details } = validateBody(RecordStrategyDto, recordBody(answers, d, new Date()));
    const failed = await attempt(details, () => this.recording.record(actor, id, value));
    if (failed) return renderPage(req, res, 'casework/strategy', await this.model(actor, id, { record: answers, details: failed }), 422);
    req.session.flash = { title: 'Strategy discussion recorded', text: 'Distribute the minutes to every invitee, including those who were absent.', success: true };
    req.session.save(() => res.redirect(303, `/mash/strategy/${id}`));
  }

  @Post('strategy/:id/minutes')
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async distribute(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const failed = await attempt([], () => this.minutes.distribute(actor, uuid(id)));
    if (failed) return renderPage(req, res, 'casework/strategy', await this.model(actor, id, { details: failed }), 409);
    req.session.flash = { title: 'Minutes sent', text: 'Each invitee is listed with when their copy was sent.', success: true };
    req.session.save(() => res.redirect(303, `/mash/strategy/${id}`));
  }

  private async contactModel(actor: Actor, contactId: string, answers: { subjectId: string; reason: string; urgency: string }, details?: RuleBreak[]) {
    const contact = await this.context.contact(actor, contactId);
    const onContact = await this.queries.list(actor, { limit: 100 } as never, contactId);
    return strategyContactPage(contact, onContact.items as never, answers, details);
  }

  private async model(actor: Actor, id: string, form: { convene?: ConveneAnswers; record?: RecordAnswers; details?: RuleBreak[] }) {
    const d = (await this.queries.get(actor, id)) as unknown as StrategyFull;
    const { evidence } = await this.context.contact(actor, d.contactId);
    const [agencies, staff] = await Promise.all([this.directory.agencies(), this.directory.mashStaff()]);
    return strategyPage(d, evidence, agencies, staff, form, new Date());
  }
}
