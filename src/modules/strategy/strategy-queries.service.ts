import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../common/pagination';
import { FeedbackTemplates } from '../feedback/feedback-templates.service';
import { OutboundMail } from '../mail/outbound-mail.service';
import { ListStrategyQueryDto } from './dto/strategy.dto';
import { StrategyMinutesComplaint } from './persistence/minutes-complaint.entity';
import { StrategyDiscussion } from './persistence/strategy-discussion.entity';
import { isInvitee, isRequester, seesEverything } from './strategy-access';
import { inviteesOf } from './strategy-lookup';
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
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly feedbackTemplates: FeedbackTemplates,
    private readonly mail: OutboundMail,
  ) {}

  async get(actor: Actor, id: string) {
    const em = this.dataSource.manager;
    const d = await em.findOne(StrategyDiscussion, { where: { id } });
    if (!d) throw new NotFoundException('No such strategy discussion');
    const challenge = this.feedbackTemplates.settings.challenge;
    if (actor.role === 'auditor') {
      await this.audit.recordRead(actor, 'strategy_discussion', id, { subjectId: d.subjectId, view: 'audit' });
      return auditView(await loadDetail(em, d));
    }
    if (seesEverything(actor)) {
      const detail = await loadDetail(em, d);
      const complaints = await em.count(StrategyMinutesComplaint, { where: { discussionId: id } });
      await this.audit.recordRead(actor, 'strategy_discussion', id, { subjectId: d.subjectId });
      return fullView(detail, await messagesOf(this.mail, em, id), challenge, complaints);
    }
    const requester = isRequester(actor, d);
    const invitee = isInvitee(actor, await inviteesOf(em, id));
    if (!requester && !invitee) throw new NotFoundException('No such strategy discussion');
    await this.audit.recordRead(actor, 'strategy_discussion', id, { subjectId: d.subjectId, view: 'limited' });
    // Minutes reach invitees only: asking for a discussion does not make a referrer a participant.
    return limitedView(await loadDetail(em, d), challenge, requester, invitee);
  }

  /** Newest first; police, partners and referrers always get only their own (`mine`). */
  async list(actor: Actor, query: ListStrategyQueryDto): Promise<Page<Record<string, unknown>>> {
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    const mine = !seesEverything(actor) || query.mine === 'true';
    const qb = this.dataSource.getRepository(StrategyDiscussion).createQueryBuilder('d').orderBy('d.requested_at', 'DESC').addOrderBy('d.id', 'DESC').take(limit + 1);
    if (mine) {
      qb.andWhere(
        `(d.requested_by_user_id = :user OR d.chair_user_id = :user OR EXISTS (SELECT 1 FROM strategy_invitee i WHERE i.discussion_id = d.id AND (i.user_id = :user OR (i.user_id IS NULL AND i.agency_id = :agency))))`,
        { user: actor.userId, agency: actor.agencyId },
      );
    }
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (after) qb.andWhere('(d.requested_at, d.id) < (:t, :id)', { t: after[0], id: after[1] });
    const rows = await qb.getMany();
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

  /** For the dashboard (SPEC MGT-2, STR-4): reports of minutes not received, not yet resolved. */
  async minutesNotReceivedCount(): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM strategy_minutes_complaint WHERE resolved_at IS NULL`);
    return Number(n);
  }

  /** The open reports, newest first (ids and times only), for the dashboard's list. */
  async minutesNotReceived(limit = 50): Promise<{ id: string; discussionId: string; reportedByAgencyId: string | null; reportedAt: string }[]> {
    const rows: { id: string; discussion_id: string; reported_by_agency_id: string | null; reported_at: Date }[] = await this.dataSource.query(
      `SELECT id, discussion_id, reported_by_agency_id, reported_at FROM strategy_minutes_complaint WHERE resolved_at IS NULL ORDER BY reported_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, discussionId: r.discussion_id, reportedByAgencyId: r.reported_by_agency_id, reportedAt: r.reported_at.toISOString() }));
  }
}
