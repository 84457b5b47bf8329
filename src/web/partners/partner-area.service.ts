import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import { ChallengesService } from '../../modules/challenges/challenges.service';
import { RaiseChallengeDto } from '../../modules/challenges/dto/challenge.dto';
import { ChecksQueryService } from '../../modules/checks/checks-query.service';
import { ChecksService } from '../../modules/checks/checks.service';
import { RespondCheckDto } from '../../modules/checks/dto/check.dto';
import { ListStrategyQueryDto, NotReceivedDto } from '../../modules/strategy/dto/strategy.dto';
import { StrategyMinutes } from '../../modules/strategy/strategy-minutes.service';
import { StrategyQueriesService } from '../../modules/strategy/strategy-queries.service';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { attempt, pageId } from './page-support';
import { Area, checkPage, checksInboxPage, strategyDetailPage, strategyListPage } from './partner-pages';

type WebRequest = Request & { actor?: Actor };

/**
 * The pages police and partner agencies share (checks inbox, strategy discussions and minutes), each
 * calling the use case behind the matching API route with the same actor, so scoping ("not yours"
 * is 404) and the audit trail are the API's own.
 */
@Injectable()
export class PartnerAreaPages {
  constructor(
    private readonly checks: ChecksService,
    private readonly checkQueries: ChecksQueryService,
    private readonly strategy: StrategyQueriesService,
    private readonly minutes: StrategyMinutes,
    private readonly challenges: ChallengesService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async counts(actor: Actor) {
    // Counts only: the home page shows no child, so it records no read of one.
    const [checks, strategy] = await Promise.all([this.checkQueries.mineCount(actor, 'requested'), this.strategy.mineCount(actor)]);
    return { checks, strategy };
  }

  async checksInbox(area: Area, actor: Actor, req: WebRequest, res: Response) {
    const page = await this.checkQueries.mine(actor, { limit: 100 });
    renderPage(req, res, 'partners/checks', checksInboxPage(area, page.items, this.now()));
  }

  async check(area: Area, actor: Actor, id: string, req: WebRequest, res: Response) {
    const c = await this.checkQueries.oneForAgency(actor, pageId(id));
    renderPage(req, res, 'partners/check', checkPage(area, c, {}, this.now()));
  }

  async answerCheck(area: Area, actor: Actor, id: string, req: WebRequest, res: Response) {
    const c = await this.checkQueries.oneForAgency(actor, pageId(id));
    const body = req.body as FormBody;
    const answers = { status: text(body, 'status'), summary: text(body, 'summary'), reason: text(body, 'reason') };
    const plain = { status: answers.status || undefined, summary: answers.status === 'returned' ? answers.summary : undefined, reason: answers.status && answers.status !== 'returned' ? answers.reason : undefined };
    const { value, details } = validateBody(RespondCheckDto, plain);
    const failed = await attempt(details, () => this.checks.respond(actor, c.id, value));
    if (failed) return renderPage(req, res, 'partners/check', checkPage(area, c, answers, this.now(), failed), 400);
    req.session.flash = { title: 'Check answered', text: 'The MASH team can see your answer now.', success: true };
    req.session.save(() => res.redirect(303, `/${area}/checks`));
  }

  async strategyList(area: Area, actor: Actor, req: WebRequest, res: Response) {
    const page = await this.strategy.list(actor, { limit: 100 } as ListStrategyQueryDto);
    renderPage(req, res, 'partners/strategy-list', strategyListPage(area, page.items as never));
  }

  async strategyDetail(area: Area, actor: Actor, id: string, req: WebRequest, res: Response, form: { challengeReason?: string; notReceivedNote?: string } = {}, details: { list: Parameters<typeof strategyDetailPage>[3]; status: number } | null = null) {
    const d = (await this.strategy.get(actor, pageId(id))) as unknown as Parameters<typeof strategyDetailPage>[1];
    // Invited: the agency is on the list (the minutes and "not received" are for invitees).
    const invited = (d.invitees as unknown as { agencyId: string }[]).some((i) => i.agencyId === actor.agencyId);
    renderPage(req, res, 'partners/strategy-detail', strategyDetailPage(area, d, { invited, ...form }, details?.list ?? []), details?.status ?? 200);
  }

  /** ESC-1, STR-1: the requester challenges a declined request; the stage and its clock are the challenges module's. */
  async challengeDecline(area: Area, actor: Actor, id: string, req: WebRequest, res: Response) {
    pageId(id);
    const reason = text(req.body as FormBody, 'challengeReason');
    const { value, details } = validateBody(RaiseChallengeDto, { targetType: 'strategy_decline', targetId: id, reason });
    const failed = await attempt(reason ? details : [{ field: 'reason', rule: 'ESC-1.reason', message: 'Enter why you disagree' }], async () => {
      try {
        return await this.challenges.raise(actor, value);
      } catch (error) {
        if (error instanceof NotFoundException) throw error;
        const status = (error as { getStatus?: () => number }).getStatus?.();
        if (status === 409) throw new RuleViolationException('refused', [{ field: 'reason', rule: 'ESC-1.not-challengeable', message: (error as Error).message }]);
        throw error;
      }
    });
    if (failed) return this.strategyDetail(area, actor, id, req, res, { challengeReason: reason }, { list: failed, status: 400 });
    req.session.flash = { title: 'Challenge raised', text: 'A manager will answer it within the time set by the escalation procedure.', success: true };
    req.session.save(() => res.redirect(303, `/${area}/strategy-discussions/${id}`));
  }

  /** STR-4: an invitee says the minutes did not reach them. */
  async minutesNotReceived(area: Area, actor: Actor, id: string, req: WebRequest, res: Response) {
    pageId(id);
    const note = text(req.body as FormBody, 'note');
    const { value, details } = validateBody(NotReceivedDto, { note: note || undefined });
    const failed = await attempt(details, () => this.minutes.notReceived(actor, id, value));
    if (failed) return this.strategyDetail(area, actor, id, req, res, { notReceivedNote: note }, { list: failed, status: 400 });
    req.session.flash = { title: 'Reported: minutes not received', text: 'The MASH team has been told and will send them again.', success: true };
    req.session.save(() => res.redirect(303, `/${area}/strategy-discussions/${id}`));
  }
}
