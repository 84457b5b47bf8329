import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { OutboundMail } from '../mail/outbound-mail.service';
import { renderMinutes } from './domain/minutes';
import { NotReceivedDto } from './dto/strategy.dto';
import { isInvitee } from './strategy-access';
import { strategyRows } from './persistence/strategy-discussion.repository';
import { minutesMessage } from './strategy-mail';
import { StrategyPorts } from './strategy-ports';
import { loadDetail, messagesOf, minutesViewOf } from './strategy-views';

/**
 * Minutes (SPEC STR-4): generated from the record, distributed to every invitee (absent ones
 * included) with one message row and a sent time per recipient; idempotent: distributing again adds
 * only recipients that have no row yet. An invitee can report that the minutes did not reach them.
 */
@Injectable()
export class StrategyMinutes {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly mail: OutboundMail,
    private readonly ports: StrategyPorts,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async distribute(actor: Actor, id: string) {
    return this.uow.run(async (em) => {
      const d = await strategyRows.lock(em, id);
      if (d.status !== 'held') throw new ConflictException(`This discussion is ${d.status}; minutes follow a held discussion`);
      const detail = await loadDetail(em, d);
      const at = this.now();
      const minutes = renderMinutes(minutesViewOf(detail));
      const first = !d.minutesDistributedAt;
      if (first) {
        Object.assign(d, { minutesText: minutes.text, minutesHtml: minutes.html, minutesDistributedAt: at });
        await strategyRows.save(em, d);
      }
      const existing = new Set((await messagesOf(this.mail, em, d.id)).filter((m) => m.kind === 'minutes').map((m) => m.inviteeId));
      const newcomers = detail.invitees.filter((invitee) => !existing.has(invitee.id));
      await this.mail.queue(em, newcomers.map((invitee) => minutesMessage(d.id, invitee, { subject: minutes.subject, text: d.minutesText!, html: d.minutesHtml! })));
      const added = newcomers.map((invitee) => invitee.id);
      await this.audit.record(em, actor, {
        action: 'strategy.minutes_distributed',
        entityType: 'strategy_discussion',
        entityId: d.id,
        summary: { recipientsAdded: added.length, recipients: detail.invitees.length, absentIncluded: detail.invitees.filter((i) => i.attendance !== 'attended').length, first },
      });
      if (first) await this.ports.meetClock(em, 'minutes_distributed', d.id, actor, at);
      const messages = await messagesOf(this.mail, em, d.id);
      return {
        id: d.id,
        distributedAt: d.minutesDistributedAt!.toISOString(),
        recipients: messages.filter((m) => m.kind === 'minutes').map((m) => ({ inviteeId: m.inviteeId, email: m.recipientEmail, status: m.status, sentAt: m.sentAt?.toISOString() ?? null })),
      };
    });
  }

  /** STR-4: an invitee says the minutes did not reach them; logged, audited and counted on the dashboard. */
  async notReceived(actor: Actor, id: string, dto: NotReceivedDto) {
    if (!actor.userId) throw new ForbiddenException();
    return this.uow.run(async (em) => {
      const d = await strategyRows.find(em, id);
      if (!d || !isInvitee(actor, await strategyRows.inviteesOf(em, id))) throw new NotFoundException('No such strategy discussion');
      const row = await strategyRows.addComplaint(em, { discussionId: id, reportedByUserId: actor.userId!, reportedByAgencyId: actor.agencyId, reportedAt: this.now(), note: dto.note?.trim() || null });
      await this.audit.record(em, actor, {
        action: 'strategy.minutes_not_received',
        entityType: 'strategy_discussion',
        entityId: id,
        summary: { complaintId: row.id, minutesDistributed: d.minutesDistributedAt !== null },
      });
      return { id: row.id, discussionId: id, reportedAt: row.reportedAt.toISOString() };
    });
  }
}
