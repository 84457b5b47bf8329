import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { RuleBreak, RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { contactParts } from '../contacts/contact-records';
import { outcomeFindings, resolveAttendance, unsharedEvidenceFindings } from './domain/record-rules';
import type { ActionStatus } from './domain/strategy-vocabulary';
import { ICPC_WORKING_DAYS, workingDaysAfter } from './domain/working-days';
import { RecordIcpcDto, RecordStrategyDto } from './dto/strategy.dto';
import type { StrategyAction } from './persistence/strategy-action.entity';
import type { StrategyDiscussion } from './persistence/strategy-discussion.entity';
import { strategyRows } from './persistence/strategy-discussion.repository';
import { StrategyPorts } from './strategy-ports';
import { OutboundMail } from '../mail/outbound-mail.service';
import { OUTCOME_LABELS } from './domain/minutes';
import { outcomeMessage } from './strategy-mail';

/**
 * Records a held strategy discussion (SPEC STR-3): attendance per invitee, evidence shared with
 * police, agency views and dissent, outcome, ICPC due date (15 working days, on the calendar),
 * actions and the child-seen-alone plan. All rules are checked before anything is written, so a 422
 * leaves nothing partly saved. Holding meets the "held" clock and starts "minutes distributed", and
 * the agencies that attended or contributed in writing are sent the outcome (FB-3). Recording the
 * ICPC meets the ICPC clock.
 */
@Injectable()
export class StrategyRecordService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly ports: StrategyPorts,
    private readonly mail: OutboundMail,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async record(actor: Actor, id: string, dto: RecordStrategyDto): Promise<StrategyDiscussion> {
    return this.uow.run(async (em) => {
      const d = await strategyRows.lock(em, id);
      if (d.status !== 'convened') throw new ConflictException(`This discussion is ${d.status}; only a convened discussion can be recorded${d.status === 'held' ? ' (reconvene it for a new one)' : ''}`);
      const now = this.now();
      const heldAt = dto.heldAt ? new Date(dto.heldAt) : now;
      const findings: RuleBreak[] = [];
      if (heldAt > now) findings.push({ field: 'heldAt', rule: 'STR-3.held-in-future', message: 'A discussion cannot be recorded as held in the future' });

      // Attendance (apologies only for invitees, Q 12.1)
      const invitees = await strategyRows.inviteesOf(em, d.id);
      const agencies = await strategyRows.agenciesById(em, [...invitees.map((i) => i.agencyId), ...dto.attendance.map((a) => a.agencyId ?? '').filter(Boolean)]);
      const { resolved, findings: attendanceFindings } = resolveAttendance(
        dto.attendance,
        invitees.map((i) => ({ id: i.id, agencyId: i.agencyId, agencyType: agencies.get(i.agencyId)?.type ?? 'other', userId: i.userId })),
      );
      findings.push(...attendanceFindings);
      for (const r of resolved) {
        if (!r.invitee && !agencies.has(r.entry.agencyId!)) findings.push({ field: `attendance[${r.index}].agencyId`, rule: 'STR-3.unknown-agency', message: 'No such agency' });
      }

      // Evidence shared with police (Q 8.11)
      const evidence = await contactParts.evidence(em, d.contactId);
      const shared = dto.evidenceShared ?? [];
      shared.forEach((s, i) => {
        if (!evidence.some((e) => e.id === s.evidenceId)) findings.push({ field: `evidenceShared[${i}].evidenceId`, rule: 'STR-3.unknown-evidence', message: "Not an evidence item of this discussion's contact" });
        if (new Date(s.sharedWithPoliceAt) > now) findings.push({ field: `evidenceShared[${i}].sharedWithPoliceAt`, rule: 'STR-3.shared-in-future', message: 'sharedWithPoliceAt cannot be in the future' });
      });
      findings.push(...unsharedEvidenceFindings(dto.outcome, evidence, new Set(shared.map((s) => s.evidenceId))));

      // Views: from agencies on the list (invited, or attending now)
      const onList = new Set([...invitees.map((i) => i.agencyId), ...resolved.filter((r) => !r.invitee).map((r) => r.entry.agencyId!)]);
      (dto.views ?? []).forEach((v, i) => {
        if (!onList.has(v.agencyId)) findings.push({ field: `views[${i}].agencyId`, rule: 'STR-3.view-not-on-list', message: 'Views are recorded for agencies invited to or attending the discussion' });
      });
      findings.push(...outcomeFindings({ outcome: dto.outcome, icpcRequired: dto.icpcRequired, childSeenAlonePlan: dto.childSeenAlonePlan }));
      if (findings.length) throw new RuleViolationException(`The record breaks ${findings.length} rule${findings.length > 1 ? 's' : ''}`, findings);

      // Write: attendance, uninvited attendees, evidence marks, actions, the record.
      for (const r of resolved) {
        if (r.invitee) {
          await strategyRows.setAttendance(em, r.invitee.id, r.entry.status);
        } else {
          const agency = agencies.get(r.entry.agencyId!)!;
          await strategyRows.insertInvitees(em, [{ discussionId: d.id, agencyId: agency.id, userId: r.entry.userId ?? null, name: r.entry.name ?? null, email: agency.email, invited: false, inviteReason: 'attended_uninvited', attendance: r.entry.status }]);
        }
      }
      const newlyShared: string[] = [];
      for (const s of shared) {
        const item = evidence.find((e) => e.id === s.evidenceId)!;
        if (item.sharedWithPoliceAt) continue; // the first time it was shared stands
        await contactParts.markEvidenceShared(em, item.id, new Date(s.sharedWithPoliceAt), s.sharedWithPoliceBy.trim());
        newlyShared.push(item.id);
      }
      if ((dto.actions ?? []).length) {
        await strategyRows.insertActions(em, dto.actions!.map((a, position) => ({
          discussionId: d.id, position, description: a.description.trim(), ownerAgencyId: a.ownerAgencyId ?? null, ownerUserId: a.ownerUserId ?? null, ownerName: a.ownerName.trim(), dueDate: a.dueDate, status: a.status ?? 'open',
        })));
      }
      const icpcDueDate = dto.icpcRequired ? workingDaysAfter(this.ports.localDate(heldAt), ICPC_WORKING_DAYS, (day) => this.ports.isWorkingDay(day)) : null;
      Object.assign(d, {
        status: 'held',
        heldAt,
        recordedByUserId: actor.userId,
        informationShared: dto.informationShared?.trim() || null,
        agencyViews: (dto.views ?? []).map((v) => ({ agencyId: v.agencyId, view: v.view.trim(), dissent: v.dissent?.trim() || null })),
        outcome: dto.outcome,
        icpcRequired: dto.icpcRequired,
        icpcDueDate,
        childSeenAlonePlan: dto.childSeenAlonePlan?.trim() || null,
      });
      await strategyRows.save(em, d);
      await this.audit.record(em, actor, {
        action: 'strategy.recorded',
        entityType: 'strategy_discussion',
        entityId: d.id,
        summary: {
          outcome: dto.outcome,
          icpcRequired: dto.icpcRequired,
          icpcDueDate,
          attendance: resolved.map((r) => r.entry.status),
          uninvitedAttendees: resolved.filter((r) => !r.invitee).length,
          evidenceSharedIds: newlyShared,
          dissent: d.agencyViews.filter((v) => v.dissent).map((v) => v.agencyId),
          actions: (dto.actions ?? []).length,
        },
      });
      if (newlyShared.length) {
        await this.audit.recordMany(em, actor, newlyShared.map((evidenceId) => ({ action: 'contact_evidence.shared_with_police', entityType: 'contact_evidence', entityId: evidenceId, summary: { contactId: d.contactId, strategyDiscussionId: d.id } })));
      }
      // FB-3: every agency that attended or contributed in writing is told the outcome.
      const contributors = (await strategyRows.inviteesOf(em, d.id)).filter((i) => i.attendance === 'attended' || i.attendance === 'written_contribution');
      await this.mail.queue(em, contributors.map((i) => outcomeMessage(d.id, { id: i.id, email: i.email }, { label: OUTCOME_LABELS[dto.outcome] ?? dto.outcome, heldAt, icpcDueDate })));
      await this.ports.meetClock(em, 'police_strategy_request_answered', d.id, actor, heldAt);
      await this.ports.meetClock(em, 'strategy_discussion_held', d.id, actor, heldAt);
      await this.ports.startClock(em, { kind: 'minutes_distributed', discussionId: d.id, contactId: d.contactId, startedAt: heldAt, by: actor });
      if (icpcDueDate) await this.ports.startClock(em, { kind: 'icpc_due', discussionId: d.id, contactId: d.contactId, startedAt: heldAt, dueAt: this.ports.closeOfDay(icpcDueDate), by: actor });
      return d;
    });
  }

  /**
   * The initial child protection conference was held (SPEC STR-3): its date and outcome, once. It
   * meets the ICPC clock at the time it was held (late when after the due date; RAG-5).
   */
  async recordIcpc(actor: Actor, id: string, dto: RecordIcpcDto): Promise<StrategyDiscussion> {
    return this.uow.run(async (em) => {
      const d = await strategyRows.lock(em, id);
      if (d.status !== 'held' || d.icpcRequired !== true) throw new ConflictException('Only a held strategy discussion that required an ICPC has one to record');
      if (d.icpcHeldAt) throw new ConflictException('The ICPC of this discussion has already been recorded');
      const heldAt = new Date(dto.heldAt);
      const findings: RuleBreak[] = [];
      if (heldAt > this.now()) findings.push({ field: 'heldAt', rule: 'STR-3.icpc-held-in-future', message: 'An ICPC cannot be recorded as held in the future' });
      if (d.heldAt && heldAt < d.heldAt) findings.push({ field: 'heldAt', rule: 'STR-3.icpc-before-discussion', message: 'The ICPC follows the strategy discussion that started the enquiry' });
      if (findings.length) throw new RuleViolationException('The ICPC record breaks a rule', findings);
      const at = this.now();
      Object.assign(d, { icpcHeldAt: heldAt, icpcOutcome: dto.outcome, icpcRecordedByUserId: actor.userId, icpcRecordedAt: at });
      await strategyRows.update(em, d.id, { icpcHeldAt: heldAt, icpcOutcome: dto.outcome, icpcRecordedByUserId: actor.userId, icpcRecordedAt: at });
      await this.audit.record(em, actor, {
        action: 'strategy.icpc_recorded',
        entityType: 'strategy_discussion',
        entityId: d.id,
        summary: { contactId: d.contactId, subjectId: d.subjectId, heldAt: heldAt.toISOString(), outcome: dto.outcome, icpcDueDate: d.icpcDueDate },
      });
      await this.ports.meetClock(em, 'icpc_due', d.id, actor, heldAt);
      return d;
    });
  }

  /** An action's status moves on after the meeting (open -> done or cancelled, or back to open). */
  async setActionStatus(actor: Actor, id: string, actionId: string, status: ActionStatus): Promise<StrategyAction> {
    return this.uow.run(async (em: EntityManager) => {
      const action = await strategyRows.lockAction(em, id, actionId);
      if (!action) throw new NotFoundException('No such action on this discussion');
      const from = action.status;
      if (from !== status) {
        await strategyRows.setActionStatus(em, action.id, status);
        action.status = status;
        await this.audit.record(em, actor, { action: 'strategy.action_status_changed', entityType: 'strategy_discussion', entityId: id, summary: { actionId, from, to: status } });
      }
      return action;
    });
  }
}
