import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../../audit/audit.service';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import { uuidParam } from '../../common/uuid';
import { AssignmentService } from './assignment.service';
import { AssignDto, GradeByHandDto, GradeDto, QueueQueryDto } from './dto/triage.dto';
import { HandGradingService } from './hand-grading.service';
import { GradeConfirmationService } from './grade-confirmation.service';
import { TriageQueryService } from './triage-query.service';

@ApiTags('triage')
@Controller('api/v1')
export class TriageController {
  constructor(
    private readonly queries: TriageQueryService,
    private readonly grades: GradeConfirmationService,
    private readonly handGrading: HandGradingService,
    private readonly assignments: AssignmentService,
    private readonly audit: AuditService,
  ) {}

  @Get('triage/queue')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Open contacts ordered by decision due time (SPEC RAG-4)' })
  async queue(@CurrentActor() actor: Actor, @Query() query: QueueQueryDto) {
    const { hasMore: _more, ...page } = await this.queries.queue({
      grade: query.grade,
      status: query.status,
      assignedTo: query.assignedTo === 'me' ? actor.userId! : query.assignedTo,
      breached: query.breached === undefined ? undefined : query.breached === 'true',
      limit: query.limit,
      cursor: query.cursor,
    });
    // Each child's grade and flags are the child's data: the queue records a read of every contact it showed.
    await this.audit.recordReads(actor, 'contact', page.items.map((i) => i.id), { view: 'queue' });
    return page;
  }

  @Get('contacts/:id/triage')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Per child grade, fired rules, flags with their causing contacts, history summary and clocks' })
  async contactTriage(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    const view = await this.queries.contactTriage(id);
    if (!view) throw new NotFoundException('No such contact');
    await this.audit.recordRead(actor, 'contact', id, { view: 'triage' });
    return view;
  }

  @Post('contacts/:id/assign')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Take the contact (no body) or give it to a MASH colleague ({userId})' })
  assign(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: AssignDto) {
    return this.assignments.assign(actor, id, dto.userId);
  }

  @Post('contacts/:id/grade-by-hand')
  @HttpCode(200)
  @Allow('mash_worker', 'mash_manager')
  @ApiOperation({ summary: 'Grade every child of a contact whose automatic grading gave up ("grade by hand" in the queue), each with a criterion and rationale (SPEC RAG-2, RAG-3); the decision clock runs from receipt' })
  gradeByHand(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: GradeByHandDto) {
    return this.handGrading.gradeByHand(actor, id, dto);
  }

  @Post('contacts/:id/subjects/:subjectId/grade')
  @Allow('mash_worker', 'mash_manager')
  @ApiOperation({ summary: "Confirm or change a child's grade (SPEC RAG-3)" })
  @ApiOkResponse({ description: 'Confirmed or raised: in effect now' })
  @ApiAcceptedResponse({ description: 'pending_approval: lowering, or below a referrer\'s "immediate risk"; a manager must approve it' })
  async grade(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('subjectId', uuidParam('subjectId')) subjectId: string,
    @Body() dto: GradeDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.grades.grade(actor, id, subjectId, dto);
    res.status(result.status === 'pending_approval' ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return result;
  }
}
