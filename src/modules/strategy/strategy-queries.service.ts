import { Injectable, NotFoundException } from '@nestjs/common';
import { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../common/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { FeedbackTemplates } from '../feedback/feedback-templates.service';
import { OutboundMail } from '../mail/outbound-mail.service';
import { ListStrategyQueryDto } from './dto/strategy.dto';
import { strategyRows } from './persistence/strategy-discussion.repository';
import { isInvitee, isRequester, seesEverything } from './strategy-access';
import { auditView, fullView, limitedView, loadDetail, messagesOf } from './strategy-views';

/**
 * Reads of strategy discussions. MASH staff (and auditors) see all of a discussion; police, partners
 * and referrers see the ones they requested or their agency is invited to, and of those only the
 * discussion and, once distributed, the minutes: nothing else of the case. Anything else is 404.
 * Also the dashboard's figures (minutes reported not received).
 */
@Injectable()
export class StrategyQueriesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly feedbackTemplates: FeedbackTemplates,
    private readonly mail: OutboundMail,
  ) {}

  get(actor: Actor, id: string) {
    return this.uow.read(async (em) => {
    const d = await strategyRows.find(em, id);
    if (!d) throw new NotFoundException('No such strategy discussion');
    const challenge = this.feedbackTemplates.settings.challenge;
    if (actor.role === 'auditor') {
      await this.audit.recordRead(actor, 'strategy_discussion', id, { subjectId: d.subjectId, view: 'audit' });
      return auditView(await loadDetail(em, d));
    }
    if (seesEverything(actor)) {
      const detail = await loadDetail(em, d);
      const complaints = await strategyRows.complaintsOf(em, id);
      await this.audit.recordRead(actor, 'strategy_discussion', id, { subjectId: d.subjectId });
      return fullView(detail, await messagesOf(this.mail, em, id), challenge, complaints);
    }
    const requester = isRequester(actor, d);
    const invitee = isInvitee(actor, await strategyRows.inviteesOf(em, id));
    if (!requester && !invitee) throw new NotFoundException('No such strategy discussion');
    await this.audit.recordRead(actor, 'strategy_discussion', id, { subjectId: d.subjectId, view: 'limited' });
    // Minutes reach invitees only: asking for a discussion does not make a referrer a participant.
    return limitedView(await loadDetail(em, d), challenge, requester, invitee);
    });
  }

  /** Newest first; police, partners and referrers always get only their own (`mine`). */
  /** `contactId`: only the discussions about children on that contact (the contact's page lists them). */
  async list(actor: Actor, query: ListStrategyQueryDto, contactId?: string): Promise<Page<Record<string, unknown>>> {
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    const mine = !seesEverything(actor) || query.mine === 'true';
    const rows = await this.uow.read((em) => strategyRows.list(em, {
      limit, after, status: query.status, contactId, mineOf: mine ? { userId: actor.userId, agencyId: actor.agencyId } : undefined,
    }));
    const page = rows.slice(0, limit);
    const items = page.map((d) => ({
      id: d.id,
      status: d.status,
      urgency: d.urgency,
      requestedAt: d.requestedAt.toISOString(),
      requestedByMe: d.requestedByUserId === actor.userId,
      scheduledAt: d.scheduledAt?.toISOString() ?? null,
      mode: d.mode,
      heldAt: d.heldAt?.toISOString() ?? null,
      minutesDistributedAt: d.minutesDistributedAt?.toISOString() ?? null,
      ...(seesEverything(actor) ? { contactId: d.contactId, subjectId: d.subjectId, personId: d.personId, outcome: d.outcome } : {}),
    }));
    // A read of each discussion listed, so "who viewed this child" finds the list too.
    await this.audit.recordReads(actor, 'strategy_discussion', page.map((d) => d.id), { view: 'list', mine });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeTimeIdCursor(last.requestedAt, last.id) : null };
  }

  /** How many discussions `list` would hold for the caller: a count, so no read of any child's record. */
  mineCount(actor: Actor): Promise<number> {
    const mineOf = seesEverything(actor) ? undefined : { userId: actor.userId, agencyId: actor.agencyId };
    return this.uow.read((em) => strategyRows.count(em, { mineOf }));
  }

  /** For the dashboard (SPEC MGT-2, STR-4): reports of minutes not received, not yet resolved. */
  minutesNotReceivedCount(): Promise<number> {
    return this.uow.read((em) => strategyRows.openComplaintCount(em));
  }

  /** The open reports, newest first (ids and times only), for the dashboard's list. */
  async minutesNotReceived(limit = 50): Promise<{ id: string; discussionId: string; reportedByAgencyId: string | null; reportedAt: string }[]> {
    const rows = await this.uow.read((em) => strategyRows.openComplaints(em, limit));
    return rows.map((r) => ({ id: r.id, discussionId: r.discussion_id, reportedByAgencyId: r.reported_by_agency_id, reportedAt: r.reported_at.toISOString() }));
  }
}
