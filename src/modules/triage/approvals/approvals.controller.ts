import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../../auth/access.decorator';
import { Actor } from '../../../auth/actor';
import { CurrentActor } from '../../../auth/current-actor.decorator';
import { AuditService } from '../../../audit/audit.service';
import { MASH_STAFF } from '../../../auth/roles';
import { uuidParam } from '../../../common/uuid';
import { ApprovalsQueryDto, ApproveDto, RejectDto } from '../dto/triage.dto';
import { ApprovalService } from './approval.service';

/** Manager approvals (SPEC RAG-3, DEC-4): one place for every kind of request. */
@ApiTags('approvals')
@Controller('api/v1/approvals')
export class ApprovalsController {
  constructor(
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Requests for approval, oldest first (default: pending), a page at a time (limit, cursor: the previous page\'s nextCursor)' })
  async list(@CurrentActor() actor: Actor, @Query() query: ApprovalsQueryDto) {
    const page = await this.approvals.listRequests({ status: query.status ?? 'pending', kind: query.kind, contactId: query.contactId, limit: query.limit, cursor: query.cursor });
    // A request carries a child's grade and the worker's rationale: a read of each contact it is about.
    await this.audit.recordReads(actor, 'contact', [...new Set(page.items.map((i) => i.contactId).filter((id): id is string => !!id))], { view: 'approvals' });
    return page;
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Approve a request (never your own: 403)' })
  approve(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: ApproveDto) {
    return this.approvals.approve(actor, id, dto.comments ?? null);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow('mash_manager')
  @ApiOperation({ summary: 'Return a request with comments (never your own: 403)' })
  reject(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: RejectDto) {
    return this.approvals.reject(actor, id, dto.comments);
  }
}
