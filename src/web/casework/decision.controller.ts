import { Controller, Get, HttpCode, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RecordDecisionDto } from '../../modules/decisions/dto/record-decision.dto';
import { DecisionsConfig } from '../../modules/decisions/decisions-config';
import { DecisionsQueryService } from '../../modules/decisions/decisions-query.service';
import { DecisionsService } from '../../modules/decisions/decisions.service';
import type { FormBody } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { attempt } from './attempt';
import { CaseContext } from './case-context';
import { DirectoryRepository } from './persistence/directory.repository';
import { checkAnswersPage, DecisionAnswers, decisionAnswers, decisionBody, decisionConfirmationPage, decisionFormPage, emptyAnswers } from './view-models/decision';

type WebRequest = Request & { actor?: Actor };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The threshold decision for one child (SPEC DEC-1 to DEC-6): the form with its follow-up questions,
 * check your answers, then the same use case as POST /api/v1/contacts/{id}/subjects/{subjectId}/decision.
 * A guard's refusal comes back to the form as an error summary naming the case-review lesson.
 */
@ApiExcludeController()
@Controller('mash/contacts/:contactId/children/:childKey/decision')
export class DecisionPagesController {
  constructor(
    private readonly context: CaseContext,
    private readonly decisions: DecisionsService,
    private readonly query: DecisionsQueryService,
    private readonly config: DecisionsConfig,
    private readonly directory: DirectoryRepository,
  ) {}

  @Get()
  @AllowPage('mash_worker', 'mash_manager')
  async form(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('childKey') childKey: string, @Req() req: WebRequest, @Res() res: Response) {
    const child = await this.context.child(actor, contactId, childKey);
    // A child with a decision already (final, or waiting for a manager) sees it, not a new form (DEC-5).
    const current = await this.query.currentFor(child.subjectId);
    if (current) return res.redirect(303, `/mash/contacts/${contactId}/children/${childKey}/decision/${current.id}`);
    const answers = (req.session[draftKey(child.subjectId)] as DecisionAnswers | undefined) ?? emptyAnswers();
    renderPage(req, res, 'casework/decision', decisionFormPage(child, answers, this.config.reasons.reasons, actor.role === 'mash_manager', await this.directory.agencies()));
  }

  @Post()
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async answer(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('childKey') childKey: string, @Req() req: WebRequest, @Res() res: Response) {
    const child = await this.context.child(actor, contactId, childKey);
    const answers = decisionAnswers(req.body as FormBody);
    const { details } = validateBody(RecordDecisionDto, decisionBody(answers, actor.role === 'mash_manager'));
    if (details.length) return renderPage(req, res, 'casework/decision', decisionFormPage(child, answers, this.config.reasons.reasons, actor.role === 'mash_manager', await this.directory.agencies(), details), 400);
    req.session[draftKey(child.subjectId)] = answers;
    req.session.save(() => res.redirect(303, `/mash/contacts/${contactId}/children/${childKey}/decision/check`));
  }

  @Get('check')
  @AllowPage('mash_worker', 'mash_manager')
  async check(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('childKey') childKey: string, @Req() req: WebRequest, @Res() res: Response) {
    const child = await this.context.child(actor, contactId, childKey);
    const answers = req.session[draftKey(child.subjectId)] as DecisionAnswers | undefined;
    if (!answers) return res.redirect(303, `/mash/contacts/${contactId}/children/${childKey}/decision`);
    const labels = new Map(this.config.reasons.reasons.map((r) => [r.code, r.label]));
    const agencies = new Map((await this.directory.agencies()).map((a) => [a.id, a.name]));
    renderPage(req, res, 'casework/decision-check', checkAnswersPage(child, answers, labels, actor.role === 'mash_manager', agencies));
  }

  @Post('check')
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async record(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('childKey') childKey: string, @Req() req: WebRequest, @Res() res: Response) {
    const child = await this.context.child(actor, contactId, childKey);
    const answers = req.session[draftKey(child.subjectId)] as DecisionAnswers | undefined;
    if (!answers) return res.redirect(303, `/mash/contacts/${contactId}/children/${childKey}/decision`);
    const isManager = actor.role === 'mash_manager';
    const { value, details } = validateBody(RecordDecisionDto, decisionBody(answers, isManager));
    let decisionId = '';
    const failed = await attempt(details, async () => {
      const recorded = await this.decisions.record(actor, { ...value, contactId, subjectId: child.subjectId, leadProfessional: value.leadProfessional ?? null });
      decisionId = recorded.decision.id;
    });
    if (failed) return renderPage(req, res, 'casework/decision', decisionFormPage(child, answers, this.config.reasons.reasons, isManager, await this.directory.agencies(), failed), 422);
    delete req.session[draftKey(child.subjectId)];
    req.session.save(() => res.redirect(303, `/mash/contacts/${contactId}/children/${childKey}/decision/${decisionId}`));
  }

  @Get(':decisionId')
  @AllowPage('mash_worker', 'mash_manager')
  async confirmation(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('childKey') childKey: string, @Param('decisionId') decisionId: string, @Req() req: WebRequest, @Res() res: Response) {
    const child = await this.context.child(actor, contactId, childKey);
    if (!UUID.test(decisionId)) throw new NotFoundException();
    const d = await this.query.get(actor, decisionId);
    if (d.subjectId !== child.subjectId) throw new NotFoundException();
    renderPage(req, res, 'casework/decision-confirmation', decisionConfirmationPage(child, d));
  }
}

const draftKey = (subjectId: string) => `decision:${subjectId}`;
