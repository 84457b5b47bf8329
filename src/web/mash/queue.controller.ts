import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowPage, CasePage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import { isUuid } from '../../common/uuid';
import type { ReferrerType } from '../../modules/contacts/domain/contact-vocabulary';
import type { Grade } from '../../modules/triage/domain/grades';
import { AssignmentService } from '../../modules/triage/assignment.service';
import type { AgeBand } from '../../modules/triage/domain/queue-vocabulary';
import { TriageQueryService } from '../../modules/triage/triage-query.service';
import { renderPage } from '../render';
import type { WebRequest } from './mash-pages';
import { PAGE_SIZE, queuePage, readQueueQuery } from './view-models/queue-page';
import { AuditService } from '../../audit/audit.service';

/** The triage queue, the MASH staff's home page (SPEC RAG-4, WEB-4): the same read as GET /api/v1/triage/queue. */
@ApiExcludeController()
@CasePage()
@Controller('mash')
export class QueueController {
  constructor(
    private readonly queries: TriageQueryService,
    private readonly assignments: AssignmentService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get()
  @AllowPage(...MASH_STAFF)
  async queue(@CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>, @Req() req: WebRequest, @Res() res: Response) {
    const { query, errors } = readQueueQuery(raw);
    const assignedTo = query.view === 'mine' ? actor.userId! : query.view === 'unassigned' ? 'none' : undefined;
    const page = errors.length
      ? { items: [], hasMore: false }
      : await this.queries.queue({
          grade: query.grade as Grade | undefined,
          status: query.view === 'approval' ? 'pending_approval' : undefined,
          assignedTo,
          flag: query.flag,
          referrerType: query.referrerType as ReferrerType | undefined,
          ageBand: query.age as AgeBand | undefined,
          sort: query.sort,
          offset: (query.page - 1) * PAGE_SIZE || undefined,
          limit: PAGE_SIZE,
        });
    // Each row shows a child's grade and flags: a read of every contact shown, as GET /api/v1/triage/queue records.
    await this.audit.recordReads(actor, 'contact', page.items.map((i) => i.id), { view: 'queue' });
    renderPage(req, res, 'pages/mash/queue', queuePage(page.items, query, page.hasMore, actor.userId!, this.now(), errors), errors.length ? 400 : 200);
  }

  @Post('contacts/:contactId/assign')
  @HttpCode(200)
  @AllowPage(...MASH_STAFF)
  async assign(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!isUuid(contactId)) throw new NotFoundException();
    await this.assignments.assign(actor, contactId, undefined);
    req.session.flash = { title: 'You hold this contact now', text: 'It shows under Mine in the triage queue.', success: true };
    const back = req.get('referer')?.replace(/^https?:\/\/[^/]+/, '');
    req.session.save(() => res.redirect(303, back && /^\/mash(\/contacts\/[0-9a-f-]{36})?(\?[^\s]*)?$/.test(back) ? back : `/mash/contacts/${contactId}`));
  }
}
