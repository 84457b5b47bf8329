import { ConflictException, Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { Agency } from '../../auth/persistence/agency.entity';
import { RuleBreak, RuleViolationException } from '../../common/errors';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { contactParts } from '../contacts/contact-records';
import { matchGpPractice } from '../feedback/domain/gp-match';
import { FeedbackTemplates } from '../feedback/feedback-templates.service';
import { OutboundMail } from '../mail/outbound-mail.service';
import { summaryOf } from './domain/minutes';
import { declineFindings, missingRequiredInvitees } from './domain/record-rules';
import { InviteReason } from './domain/strategy-vocabulary';
import { ConveneDto, DeclineDto, InviteeDto } from './dto/strategy.dto';
import { StrategyDiscussion } from './persistence/strategy-discussion.entity';
import { StrategyInvitee } from './persistence/strategy-invitee.entity';
import { strategyRows } from './persistence/strategy-discussion.repository';
import { CHALLENGE_ROUTE, declineMessage } from './strategy-mail';
import { StrategyPorts } from './strategy-ports';

/** Health agencies invited by default when none is named (STR-3); the GP is added separately when known. */
const DEFAULT_HEALTH_TYPES = ['health_visitor', 'health_other', 'health_hospital'] as const;

type NewInvitee = Pick<StrategyInvitee, 'agencyId' | 'userId' | 'name' | 'email' | 'inviteReason'>;

/**
 * Convene, reconvene and decline (SPEC STR-1, STR-3, STR-4). Convening builds the invitation list:
 * the named invitees (police and children's social care required), a health agency by default, and
 * the child's GP practice when the contact names one that matches exactly one GP agency.
 */
@Injectable()
export class StrategyMeetingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly mail: OutboundMail,
    private readonly ports: StrategyPorts,
    private readonly feedbackTemplates: FeedbackTemplates,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** Convene a requested discussion; on a discussion already held, reconvene (a new discussion). */
  async convene(actor: Actor, id: string, dto: ConveneDto): Promise<{ discussion: StrategyDiscussion; created: boolean }> {
    return this.uow.run(async (em) => {
      const d = await strategyRows.lock(em, id);
      if (d.status === 'held') return { discussion: await this.reconvenePrevious(em, actor, d, dto), created: true };
      if (d.status !== 'requested') throw new ConflictException(`This discussion is ${d.status}; only a requested one can be convened (a held one is reconvened)`);
      const invitees = await this.buildInvitees(em, d, dto.invitees ?? [], []);
      await this.checkChair(em, dto.chair);
      const at = this.now();
      Object.assign(d, { status: 'convened', scheduledAt: new Date(dto.scheduledAt), mode: dto.mode, chairUserId: dto.chair, convenedAt: at, convenedByUserId: actor.userId });
      await strategyRows.save(em, d);
      await strategyRows.insertInvitees(em, invitees.map((i) => ({ ...i, discussionId: d.id, invited: true })));
      await this.audit.record(em, actor, {
        action: 'strategy.convened',
        entityType: 'strategy_discussion',
        entityId: d.id,
        summary: { mode: dto.mode, scheduledAt: d.scheduledAt!.toISOString(), chairUserId: dto.chair, invitees: invitees.length, inviteReasons: invitees.map((i) => i.inviteReason) },
      });
      await this.ports.meetClock(em, 'police_strategy_request_answered', d.id, actor, at);
      return { discussion: d, created: false };
    });
  }

  async reconvene(actor: Actor, id: string, dto: ConveneDto): Promise<StrategyDiscussion> {
    return this.uow.run(async (em) => {
      const d = await strategyRows.lock(em, id);
      if (d.status !== 'held') throw new ConflictException(`This discussion is ${d.status}; only a held discussion is reconvened`);
      return this.reconvenePrevious(em, actor, d, dto);
    });
  }

  async decline(actor: Actor, id: string, dto: DeclineDto): Promise<StrategyDiscussion> {
    return this.uow.run(async (em) => {
      const d = await strategyRows.lock(em, id);
      if (d.status !== 'requested') throw new ConflictException(`This discussion is ${d.status}; only a requested one can be declined`);
      const findings: RuleBreak[] = declineFindings(dto);
      const agencies = await strategyRows.agenciesById(em, dto.agenciesConsulted ?? []);
      (dto.agenciesConsulted ?? []).forEach((a, i) => {
        if (!agencies.has(a)) findings.push({ field: `agenciesConsulted[${i}]`, rule: 'STR-1.unknown-agency', message: 'No such agency' });
      });
      if (findings.length) throw new RuleViolationException('A decline needs a reason, the agencies consulted and an alternative plan (SPEC STR-1)', findings);
      const at = this.now();
      Object.assign(d, { status: 'declined', declinedAt: at, declinedByUserId: actor.userId, declineReason: dto.reason.trim(), agenciesConsulted: [...new Set(dto.agenciesConsulted)], alternativePlan: dto.alternativePlan!.trim() });
      await strategyRows.save(em, d);
      await this.audit.record(em, actor, {
        action: 'strategy.declined',
        entityType: 'strategy_discussion',
        entityId: d.id,
        summary: { agenciesConsulted: d.agenciesConsulted, requestedByUserId: d.requestedByUserId },
      });
      await this.ports.meetClock(em, 'police_strategy_request_answered', d.id, actor, at);
      await this.ports.cancelClock(em, 'strategy_discussion_held', d.id, 'declined', actor);
      await this.notifyRequesterOfDecline(em, d, [...agencies.values()]);
      return d;
    });
  }

  /** STR-1: the requester is told at once, with the reason, the alternative plan and the way to challenge. */
  private async notifyRequesterOfDecline(em: EntityManager, d: StrategyDiscussion, consulted: Agency[]): Promise<void> {
    const requester = d.requestedByUserId ? await strategyRows.user(em, d.requestedByUserId) : null;
    const { challenge, team } = this.feedbackTemplates.settings;
    const lines = [
      `Your request for a strategy discussion (${d.id}, made ${d.requestedAt.toISOString()}) has been declined by a MASH manager.`,
      '',
      `Reason: ${d.declineReason}`,
      `Agencies consulted: ${consulted.map((a) => a.name).join(', ')}`,
      `Alternative plan: ${d.alternativePlan}`,
      '',
      `If you disagree, challenge the decision: ${challenge.title} (${challenge.version}), ${challenge.url}.`,
      `To challenge it in the MASH service, signed in: POST ${this.appConfig.publicBaseUrl}${CHALLENGE_ROUTE} with targetType "strategy_decline" and targetId ${d.id}, and your reason. A MASH manager answers within the stage's clock; with no answer it goes to the next stage.`,
      `Or call ${team.name} on ${team.phone}.`,
      'If a child is in immediate danger, call 999.',
    ];
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const html = `<!doctype html><html><body>${lines.map((l) => (l ? `<p>${esc(l)}</p>` : '')).join('\n')}</body></html>`;
    await this.mail.queue(em, [declineMessage(d.id, { userId: requester?.id ?? null, email: requester?.email ?? null }, { subject: 'Your strategy discussion request was declined', text: lines.join('\n') + '\n', html })]);
  }

  /** STR-4: a reconvened discussion starts with the previous summary and distribution list. */
  private async reconvenePrevious(em: EntityManager, actor: Actor, previous: StrategyDiscussion, dto: ConveneDto): Promise<StrategyDiscussion> {
    const carried = await strategyRows.inviteesOf(em, previous.id);
    const actions = await strategyRows.actionsOf(em, previous.id);
    const invitees = await this.buildInvitees(em, previous, dto.invitees ?? [], carried);
    await this.checkChair(em, dto.chair);
    const at = this.now();
    const d = strategyRows.create(em, {
      contactId: previous.contactId,
      subjectId: previous.subjectId,
      personId: previous.personId,
      status: 'convened',
      reason: `Reconvened from strategy discussion ${previous.id}`,
      urgency: previous.urgency,
      requestedAt: at,
      requestedByUserId: actor.userId,
      requestedByAgencyId: actor.agencyId,
      requestedByRole: actor.role,
      scheduledAt: new Date(dto.scheduledAt),
      mode: dto.mode,
      chairUserId: dto.chair,
      convenedAt: at,
      convenedByUserId: actor.userId,
      previousDiscussionId: previous.id,
      previousSummary: summaryOf({
        heldAt: previous.heldAt!.toISOString(),
        outcome: previous.outcome!,
        icpcRequired: previous.icpcRequired === true,
        icpcDueDate: previous.icpcDueDate,
        actions: actions.map((a) => ({ description: a.description, owner: a.ownerName, dueDate: a.dueDate, status: a.status })),
      }),
    });
    await strategyRows.save(em, d);
    await strategyRows.insertInvitees(em, invitees.map((i) => ({ ...i, discussionId: d.id, invited: true })));
    await this.audit.record(em, actor, {
      action: 'strategy.reconvened',
      entityType: 'strategy_discussion',
      entityId: d.id,
      summary: { previousDiscussionId: previous.id, mode: dto.mode, scheduledAt: d.scheduledAt!.toISOString(), invitees: invitees.length },
    });
    return d;
  }

  private async checkChair(em: EntityManager, chair: string): Promise<void> {
    if (!(await strategyRows.isActiveMashUser(em, chair))) throw new RuleViolationException('The chair must be a MASH worker or manager', [{ field: 'chair', rule: 'STR-3.chair', message: 'The chair must be an active MASH worker or manager' }]);
  }

  /** The list: carried-forward invitees, the named ones, a default health agency and the GP (STR-3). */
  private async buildInvitees(em: EntityManager, d: StrategyDiscussion, named: InviteeDto[], carried: StrategyInvitee[]): Promise<NewInvitee[]> {
    const agencies = await strategyRows.agenciesById(em, named.map((i) => i.agencyId));
    const users = await strategyRows.usersById(em, named.map((i) => i.userId ?? null));
    const findings: RuleBreak[] = [];
    const list: NewInvitee[] = [];
    const key = (agencyId: string, userId: string | null, name: string | null) => `${agencyId}|${userId ?? ''}|${userId ? '' : (name ?? '').toLowerCase()}`;
    const seen = new Set<string>();
    const add = (i: NewInvitee) => {
      const k = key(i.agencyId, i.userId, i.name);
      if (!seen.has(k)) {
        seen.add(k);
        list.push(i);
      }
    };
    for (const c of carried) add({ agencyId: c.agencyId, userId: c.userId, name: c.name, email: c.email, inviteReason: 'carried_forward' });
    named.forEach((n, i) => {
      const agency = agencies.get(n.agencyId);
      if (!agency) return void findings.push({ field: `invitees[${i}].agencyId`, rule: 'STR-3.unknown-agency', message: 'No such agency' });
      const user = n.userId ? users.get(n.userId) : undefined;
      if (n.userId && (!user || user.agencyId !== agency.id || !user.active)) {
        return void findings.push({ field: `invitees[${i}].userId`, rule: 'STR-3.invitee-user-agency', message: 'No active user of that agency with this id' });
      }
      add({ agencyId: agency.id, userId: n.userId ?? null, name: n.name?.trim() || user?.name || null, email: n.email?.toLowerCase() ?? user?.email ?? agency.email, inviteReason: 'named' });
    });
    if (findings.length) throw new RuleViolationException('The invitation list has problems', findings);

    const allAgencies = await strategyRows.agenciesById(em, list.map((i) => i.agencyId));
    const typeOf = (i: NewInvitee) => allAgencies.get(i.agencyId)?.type ?? 'other';
    const missing = missingRequiredInvitees(list.map(typeOf));
    if (missing.length) throw new RuleViolationException('Police and children\'s social care are always invited (SPEC STR-3)', missing);

    const extra = async (agency: Agency | null, reason: InviteReason) => {
      if (agency && !list.some((i) => i.agencyId === agency.id)) add({ agencyId: agency.id, userId: null, name: null, email: agency.email, inviteReason: reason });
    };
    if (!list.some((i) => (DEFAULT_HEALTH_TYPES as readonly string[]).includes(typeOf(i)))) {
      const candidates = await strategyRows.agenciesOfTypes(em, DEFAULT_HEALTH_TYPES);
      const byPreference = DEFAULT_HEALTH_TYPES.map((t) => candidates.find((a) => a.type === t)).find(Boolean) ?? null;
      await extra(byPreference, 'default_health');
    }
    const subject = await contactParts.subject(em, d.subjectId, { id: true, gpPractice: true });
    const gp = matchGpPractice(subject?.gpPractice, await strategyRows.agenciesOfTypes(em, ['health_gp']));
    if (gp?.result === 'matched') await extra(gp.agency, 'gp_practice');
    return list;
  }
}
