import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor, isMashStaff } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { SlaClockService } from '../calendar/sla-clock.service';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../common/pagination';
import { CHALLENGE_CLOCK } from './challenges.service';
import { EscalationConfig, MeetingCriterion } from './domain/escalation';
import { ESCALATION_CONFIG } from './escalation-config';
import { challengeRows } from './persistence/challenge.repository';

const TARGET = 'professionals_meeting_request';

/**
 * Professionals-only meetings (SPEC ESC-2): an involved agency asks, with a criterion; the MASH
 * answers with a reason within the configured clock (a challenge_response-kind clock with the
 * duration of config/escalation.yaml, so the SLA sweep reports a late answer).
 */
@Injectable()
export class ProfessionalsMeetingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clocks: SlaClockService,
    @Inject(ESCALATION_CONFIG) private readonly config: EscalationConfig,
  ) {}

  async request(actor: Actor, input: { contactId: string; subjectId?: string; criterion: MeetingCriterion; reason: string }) {
    if (!actor.userId) throw new ForbiddenException();
    if (!this.config.professionalsMeeting.criteria.includes(input.criterion)) {
      throw new RuleViolationException('This criterion is not offered', [{ field: 'criterion', rule: 'ESC-2.criterion', message: `One of ${this.config.professionalsMeeting.criteria.join(', ')}` }]);
    }
    const id = await this.uow.run(async (em) => {
      if (!(await challengeRows.contactConcerns(em, input.contactId, actor))) throw new NotFoundException('No such contact');
      if (input.subjectId && !(await challengeRows.childOnContact(em, input.subjectId, input.contactId))) throw new NotFoundException('No such child on this contact');
      const row = await challengeRows.saveMeeting(em, {
          contactId: input.contactId,
          subjectId: input.subjectId ?? null,
          criterion: input.criterion,
          reason: input.reason.trim(),
          requestedByUserId: actor.userId!,
          requestedByAgencyId: actor.agencyId,
          status: 'requested',
      });
      await this.clocks.start(em, {
        kind: CHALLENGE_CLOCK,
        targetType: TARGET,
        targetId: row.id,
        contactId: input.contactId,
        duration: { aroundTheClock: false, workingDays: this.config.professionalsMeeting.answerWithin.workingDays },
        by: actor,
      });
      await this.audit.record(em, actor, { action: 'professionals_meeting.requested', entityType: TARGET, entityId: row.id, summary: { contactId: input.contactId, criterion: input.criterion } });
      return row.id;
    });
    return this.get(actor, id);
  }

  async answer(actor: Actor, id: string, input: { answer: 'agreed' | 'declined'; reason: string; meetingAt?: string }) {
    if (input.answer === 'agreed' && !input.meetingAt) {
      throw new RuleViolationException('An agreed meeting needs its date', [{ field: 'meetingAt', rule: 'ESC-2.meeting-date', message: 'Say when the meeting is' }]);
    }
    await this.uow.run(async (em) => {
      const row = await challengeRows.findMeeting(em, id, true);
      if (!row) throw new NotFoundException('No such request');
      if (row.status !== 'requested') throw new ConflictException('This request has already been answered');
      const at = new Date();
      await challengeRows.updateMeeting(em, id, { status: input.answer, answerReason: input.reason.trim(), meetingAt: input.meetingAt ? new Date(input.meetingAt) : null, answeredByUserId: actor.userId, answeredAt: at });
      await this.clocks.meet(em, { kind: CHALLENGE_CLOCK, targetType: TARGET, targetId: id }, { at, by: actor });
      await this.audit.record(em, actor, { action: 'professionals_meeting.answered', entityType: TARGET, entityId: id, summary: { answer: input.answer, contactId: row.contactId } });
    });
    return this.get(actor, id);
  }

  /** Newest first, a page at a time (cursor from the previous page's nextCursor). */
  async list(actor: Actor, query: { mine?: boolean; limit?: number; cursor?: string }) {
    const staff = isMashStaff(actor) || actor.role === 'auditor';
    if (!staff && query.mine !== true) throw new BadRequestException({ message: 'Ask for your own requests with mine=true', details: [{ field: 'mine', rule: 'equals', message: 'mine must be true' }] });
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    const rows = await this.uow.read((em) => challengeRows.meetingPage(em, { limit, after, ...(query.mine ? { requestedByUserId: actor.userId } : {}) }));
    const page = rows.slice(0, limit);
    const items = [];
    for (const r of page) items.push(await this.get(actor, r.id));
    // Each request carries its reason (about the child): a read of every one listed.
    await this.audit.recordReads(actor, TARGET, page.map((r) => r.id), { view: 'list' });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeTimeIdCursor(last.created_at, last.id) : null };
  }

  async get(actor: Actor, id: string) {
    return this.uow.read(async (em) => {
      const row = await challengeRows.findMeeting(em, id);
      const staff = isMashStaff(actor) || actor.role === 'auditor';
      if (!row || (!staff && row.requestedByUserId !== actor.userId)) throw new NotFoundException('No such request');
      const clock = await challengeRows.latestClock(em, CHALLENGE_CLOCK, TARGET, id);
      return { ...row, answerDueAt: clock ? new Date(clock.due_at).toISOString() : null };
    });
  }
}
