import { Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { AuditService } from '../../audit/audit.service';
import type { RuleBreak } from '../../common/rule-break';
import { ChallengesService } from '../../modules/challenges/challenges.service';
import { RespondChallengeDto } from '../../modules/challenges/dto/challenge.dto';
import { DecisionsQueryService } from '../../modules/decisions/decisions-query.service';
import { DeclineDto } from '../../modules/strategy/dto/strategy.dto';
import { StrategyMeetingsService } from '../../modules/strategy/strategy-meetings.service';
import { StrategyQueriesService } from '../../modules/strategy/strategy-queries.service';
import { ApprovalService } from '../../modules/triage/approvals/approval.service';
import { AssignmentService } from '../../modules/triage/assignment.service';
import { RejectDto } from '../../modules/triage/dto/triage.dto';
import { TriageQueryService } from '../../modules/triage/triage-query.service';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { attempt } from './attempt';
import { DirectoryRepository } from './persistence/directory.repository';
import { values } from './view-models/decision';
import { approvalsPage, challengesPage, overridesPage, reassignPage, strategyRequestsPage } from './view-models/manager';

type WebRequest = Request & { actor?: Actor };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (id: string) => {
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
};

/** Requests on one page of approvals; the next page is a link (as the override register's). */
const APPROVALS_PER_PAGE = 50;
const approvalsHref = (cursor?: string | null) => `/mash/manager/approvals${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`;

/**
 * A MASH manager's pages (SPEC WEB-4, DEC-3, DEC-4, RAG-4, ESC-1, STR-1): approvals (approve, or
 * return with a comment; never one's own), the override register (auditors read it too),
 * reassignment, challenges with their stage clocks, and declining a strategy request.
 */
@ApiExcludeController()
@Controller('mash/manager')
export class ManagerPagesController {
  constructor(
    private readonly approvals: ApprovalService,
    private readonly decisions: DecisionsQueryService,
    private readonly assignment: AssignmentService,
    private readonly triage: TriageQueryService,
    private readonly challenges: ChallengesService,
    private readonly strategyQueries: StrategyQueriesService,
    private readonly meetings: StrategyMeetingsService,
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditService,
  ) {}

  @Get('approvals')
  @AllowPage('mash_manager')
  async approvalsList(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    renderPage(req, res, 'casework/approvals', await this.approvalsModel(actor, typeof cursor === 'string' ? cursor : undefined));
  }

  @Post('approvals/:id/approve')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async approve(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const cursor = text(req.body as FormBody, 'cursor') || undefined;
    const failed = await attempt([], () => this.approvals.approve(actor, uuid(id), text(req.body as FormBody, 'comments') || null));
    if (failed) return renderPage(req, res, 'casework/approvals', await this.approvalsModel(actor, cursor, { id, details: failed }), 422);
    req.session.flash = { title: 'Approved', text: 'The change has taken effect.', success: true };
    req.session.save(() => res.redirect(303, approvalsHref(cursor)));
  }

  @Post('approvals/:id/return')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async giveBack(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const comments = text(req.body as FormBody, 'comments');
    const cursor = text(req.body as FormBody, 'cursor') || undefined;
    const { value, details } = validateBody(RejectDto, { comments });
    const failed = await attempt(details, () => this.approvals.reject(actor, uuid(id), value.comments));
    if (failed) return renderPage(req, res, 'casework/approvals', await this.approvalsModel(actor, cursor, { id, details: failed, comments }), 422);
    req.session.flash = { title: 'Returned with your comment', text: 'The worker who asked sees it on the contact.', success: true };
    req.session.save(() => res.redirect(303, approvalsHref(cursor)));
  }

  @Get('overrides')
  @AllowPage('mash_manager', 'auditor')
  async overrides(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    const page = await this.decisions.overrides(actor, { limit: 50, cursor: typeof cursor === 'string' ? cursor : undefined });
    const names = await this.directory.namesOf(page.items.flatMap((o) => [o.overriddenByUserId, o.decidedByUserId, ...o.approvedByUserIds]));
    renderPage(req, res, 'casework/overrides', overridesPage(page.items, page.nextCursor, names));
  }

  @Get('reassign')
  @AllowPage('mash_manager')
  async reassignForm(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'casework/reassign', await this.reassignModel(actor, { contactId: '', userId: '' }));
  }

  @Post('reassign')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async reassign(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const answers = { contactId: text(req.body as FormBody, 'contactId'), userId: text(req.body as FormBody, 'userId') };
    const details: RuleBreak[] = [];
    if (!UUID.test(answers.contactId)) details.push({ field: 'contactId', rule: 'isUUID', message: 'Choose a contact' });
    if (!UUID.test(answers.userId)) details.push({ field: 'userId', rule: 'isUUID', message: 'Choose who holds it' });
    const failed = await attempt(details, () => this.assignment.assign(actor, answers.contactId, answers.userId));
    if (failed) return renderPage(req, res, 'casework/reassign', await this.reassignModel(actor, answers, failed), 422);
    req.session.flash = { title: 'Contact reassigned', text: 'They hold its clocks now and are told when one is breached.', success: true };
    req.session.save(() => res.redirect(303, '/mash/manager/reassign'));
  }

  @Get('challenges')
  @AllowPage('mash_manager')
  async challengesList(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'casework/challenges', await this.challengesModel(actor));
  }

  @Post('challenges/:id')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async answerChallenge(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const body = req.body as FormBody;
    const answers = { outcome: text(body, 'outcome'), reason: text(body, 'reason') };
    const { value, details } = validateBody(RespondChallengeDto, { outcome: answers.outcome || undefined, reason: answers.reason || undefined });
    const failed = await attempt(details, () => this.challenges.respond(actor, uuid(id), value));
    if (failed) return renderPage(req, res, 'casework/challenges', await this.challengesModel(actor, { id, details: failed, ...answers }), 422);
    req.session.flash = { title: 'Challenge answered', text: 'The professional who raised it can see your answer.', success: true };
    req.session.save(() => res.redirect(303, '/mash/manager/challenges'));
  }

  @Get('strategy-requests')
  @AllowPage('mash_manager')
  async strategyRequests(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'casework/strategy-requests', await this.strategyModel(actor));
  }

  @Post('strategy-requests/:id/decline')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async decline(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const body = req.body as FormBody;
    const answers = { reason: text(body, 'reason'), agenciesConsulted: values(body, 'agenciesConsulted'), alternativePlan: text(body, 'alternativePlan') };
    const { value, details } = validateBody(DeclineDto, { ...answers, alternativePlan: answers.alternativePlan || undefined });
    const failed = await attempt(details, () => this.meetings.decline(actor, uuid(id), value));
    if (failed) return renderPage(req, res, 'casework/strategy-requests', await this.strategyModel(actor, { id, details: failed, ...answers }), 422);
    req.session.flash = { title: 'Request declined', text: 'The professional who asked has been e-mailed the reason, the plan and how to challenge it.', success: true };
    req.session.save(() => res.redirect(303, '/mash/manager/strategy-requests'));
  }

  /** A page of pending requests, oldest first; `cursor` (the previous page's) for the pages after the first. */
  private async approvalsModel(actor: Actor, cursor?: string, failed?: { id: string; details: RuleBreak[]; comments?: string }) {
    const { items, nextCursor } = await this.approvals.listRequests({ status: 'pending', limit: APPROVALS_PER_PAGE, cursor });
    // A request shows a child's grade and the worker's rationale: a read of each contact, as GET /api/v1/approvals records.
    await this.audit.recordReads(actor, 'contact', [...new Set(items.map((i) => i.contactId).filter((id): id is string => !!id))], { view: 'approvals' });
    const names = await this.directory.namesOf(items.map((a) => a.requestedBy));
    return approvalsPage(items, names, actor.userId!, { cursor: cursor ?? null, next: nextCursor ? approvalsHref(nextCursor) : null }, failed);
  }

  private async reassignModel(actor: Actor, answers: { contactId: string; userId: string }, details?: RuleBreak[]) {
    const queue = await this.triage.queue({ limit: 200 });
    // Each contact is offered with its reference and grade: a read of each, as the triage queue records.
    await this.audit.recordReads(actor, 'contact', queue.items.map((i) => i.id), { view: 'reassign' });
    return reassignPage(queue.items, await this.directory.mashStaff(), answers, details);
  }

  private async challengesModel(actor: Actor, failed?: { id: string; details: RuleBreak[]; outcome: string; reason: string }) {
    const list = await this.challenges.list(actor, { status: 'open' });
    return challengesPage(list.items, new Date(), failed);
  }

  private async strategyModel(actor: Actor, failed?: { id: string; details: RuleBreak[]; reason: string; agenciesConsulted: string[]; alternativePlan: string }) {
    const list = await this.strategyQueries.list(actor, { status: 'requested', limit: 100 } as never);
    return strategyRequestsPage(list.items as never, await this.directory.agencies(), new Date(), failed);
  }
}
