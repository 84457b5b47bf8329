import { EntityManager } from 'typeorm';
import type { Agency } from '../../auth/persistence/agency.entity';
import { contactParts, EvidenceRow } from '../contacts/contact-records';
import type { ChallengeRoute } from '../feedback/domain/feedback-settings';
import { MinutesView } from './domain/minutes';
import type { StrategyAction } from './persistence/strategy-action.entity';
import { StrategyDiscussion } from './persistence/strategy-discussion.entity';
import { StrategyInvitee } from './persistence/strategy-invitee.entity';
import type { OutboundMail } from '../mail/outbound-mail.service';
import { ABOUT_DISCUSSION, CHALLENGE_ROUTE, StrategyMessage, strategyMessages } from './strategy-mail';
import { strategyRows } from './persistence/strategy-discussion.repository';

/** Everything about one discussion that its views and minutes are made from. */
export interface DiscussionDetail {
  d: StrategyDiscussion;
  child: { name: string; dateOfBirth: string | null };
  invitees: StrategyInvitee[];
  agencies: Map<string, Agency>;
  chairName: string | null;
  actions: StrategyAction[];
  evidence: EvidenceRow[];
}

export async function loadDetail(em: EntityManager, d: StrategyDiscussion): Promise<DiscussionDetail> {
  const invitees = await strategyRows.inviteesOf(em, d.id);
  const subject = await contactParts.subject(em, d.subjectId);
  const agencies = await strategyRows.agenciesById(em, [...invitees.map((i) => i.agencyId), ...d.agenciesConsulted, ...d.agencyViews.map((v) => v.agencyId)]);
  const users = await strategyRows.usersById(em, [d.chairUserId]);
  const actions = await strategyRows.actionsOf(em, d.id);
  const evidence = await contactParts.evidence(em, d.contactId);
  const name = [subject?.firstName, subject?.lastName].filter(Boolean).join(' ') || subject?.description || 'Unnamed child';
  return {
    d,
    child: { name, dateOfBirth: subject?.dateOfBirth ?? subject?.expectedDeliveryDate ?? null },
    invitees,
    agencies,
    chairName: d.chairUserId ? (users.get(d.chairUserId)?.name ?? null) : null,
    actions,
    evidence,
  };
}

export function minutesViewOf(x: DiscussionDetail): MinutesView {
  const { d } = x;
  const agencyName = (id: string) => x.agencies.get(id)?.name ?? 'Unknown agency';
  return {
    discussionId: d.id,
    child: x.child,
    heldAt: d.heldAt!.toISOString(),
    mode: d.mode ?? 'unknown',
    chair: x.chairName ?? 'not recorded',
    previousSummary: d.previousSummary,
    attendance: x.invitees.map((i) => ({ agency: agencyName(i.agencyId), person: i.name, status: i.attendance ?? 'not recorded', invited: i.invited })),
    informationShared: d.informationShared,
    evidenceShared: x.evidence
      .filter((e) => e.sharedWithPoliceAt)
      .map((e) => ({ type: e.type, heldBy: e.heldBy, sharedWithPoliceAt: e.sharedWithPoliceAt!.toISOString(), sharedWithPoliceBy: e.sharedWithPoliceBy ?? '' })),
    views: d.agencyViews.map((v) => ({ agency: agencyName(v.agencyId), view: v.view, dissent: v.dissent })),
    outcome: d.outcome!,
    icpcRequired: d.icpcRequired === true,
    icpcDueDate: d.icpcDueDate,
    actions: x.actions.map((a) => ({ description: a.description, owner: a.ownerName, dueDate: a.dueDate, status: a.status })),
    childSeenAlonePlan: d.childSeenAlonePlan,
  };
}

const iso = (t: Date | null) => (t ? t.toISOString() : null);

function inviteeView(x: DiscussionDetail, full: boolean) {
  return x.invitees.map((i) => ({
    ...(full ? { id: i.id, userId: i.userId, email: i.email, inviteReason: i.inviteReason } : {}),
    agencyId: i.agencyId,
    agencyName: x.agencies.get(i.agencyId)?.name ?? null,
    agencyType: x.agencies.get(i.agencyId)?.type ?? null,
    name: i.name,
    invited: i.invited,
    attendance: i.attendance,
  }));
}

function declineView(x: DiscussionDetail, challenge: ChallengeRoute) {
  const { d } = x;
  if (d.status !== 'declined') return null;
  return {
    declinedAt: iso(d.declinedAt),
    reason: d.declineReason,
    agenciesConsulted: d.agenciesConsulted.map((id) => ({ id, name: x.agencies.get(id)?.name ?? null })),
    alternativePlan: d.alternativePlan,
    challengeRoute: { ...challenge, targetType: 'strategy_decline', targetId: d.id, how: `POST ${CHALLENGE_ROUTE} {targetType: "strategy_decline", targetId, reason}` },
  };
}

/** MASH staff and auditors: the whole discussion. */
export function fullView(x: DiscussionDetail, messages: StrategyMessage[], challenge: ChallengeRoute, complaints: number) {
  const { d } = x;
  return {
    id: d.id,
    status: d.status,
    contactId: d.contactId,
    subjectId: d.subjectId,
    personId: d.personId,
    child: x.child,
    request: { reason: d.reason, urgency: d.urgency, requestedAt: iso(d.requestedAt), requestedByUserId: d.requestedByUserId, requestedByAgencyId: d.requestedByAgencyId, requestedByRole: d.requestedByRole, decisionId: d.decisionId },
    scheduledAt: iso(d.scheduledAt),
    mode: d.mode,
    chair: d.chairUserId ? { userId: d.chairUserId, name: x.chairName } : null,
    convenedAt: iso(d.convenedAt),
    invitees: inviteeView(x, true),
    decline: declineView(x, challenge),
    record: d.status === 'held' ? {
      heldAt: iso(d.heldAt),
      informationShared: d.informationShared,
      evidence: x.evidence.map((e) => ({ id: e.id, type: e.type, heldBy: e.heldBy, sharedWithPoliceAt: iso(e.sharedWithPoliceAt), sharedWithPoliceBy: e.sharedWithPoliceBy })),
      views: d.agencyViews.map((v) => ({ ...v, agencyName: x.agencies.get(v.agencyId)?.name ?? null })),
      outcome: d.outcome,
      icpcRequired: d.icpcRequired,
      icpcDueDate: d.icpcDueDate,
      icpc: d.icpcHeldAt ? { heldAt: iso(d.icpcHeldAt), outcome: d.icpcOutcome, recordedAt: iso(d.icpcRecordedAt) } : null,
      childSeenAlonePlan: d.childSeenAlonePlan,
      actions: x.actions.map((a) => ({ id: a.id, description: a.description, ownerName: a.ownerName, ownerAgencyId: a.ownerAgencyId, ownerUserId: a.ownerUserId, dueDate: a.dueDate, status: a.status })),
    } : null,
    minutes: minutesPart(d, messages),
    minutesNotReceivedReports: complaints,
    previousDiscussionId: d.previousDiscussionId,
    previousSummary: d.previousSummary,
  };
}

/**
 * Auditors (SPEC SEC-4, §0: decisions, audit results, the audit trail): what happened and when, for
 * checking timeliness and outcomes, without the case narrative, the child's details, the minutes or
 * recipients' addresses.
 */
export function auditView(x: DiscussionDetail) {
  const { d } = x;
  return {
    id: d.id,
    status: d.status,
    request: { urgency: d.urgency, requestedAt: iso(d.requestedAt), requestedByRole: d.requestedByRole, decisionId: d.decisionId },
    scheduledAt: iso(d.scheduledAt),
    mode: d.mode,
    convenedAt: iso(d.convenedAt),
    heldAt: iso(d.heldAt),
    outcome: d.outcome,
    icpcRequired: d.icpcRequired,
    icpcDueDate: d.icpcDueDate,
    icpcHeldAt: iso(d.icpcHeldAt),
    icpcOutcome: d.icpcOutcome,
    minutesDistributedAt: iso(d.minutesDistributedAt),
    invitees: x.invitees.length,
  };
}

/** Police, partners and referrers (requested it or invited): the discussion and, for invitees once distributed, the minutes. */
export function limitedView(x: DiscussionDetail, challenge: ChallengeRoute, requester: boolean, invitee: boolean) {
  const { d } = x;
  return {
    id: d.id,
    status: d.status,
    child: x.child,
    request: { urgency: d.urgency, requestedAt: iso(d.requestedAt), ...(requester ? { reason: d.reason } : {}) },
    scheduledAt: iso(d.scheduledAt),
    mode: d.mode,
    chair: x.chairName,
    invitees: inviteeView(x, false),
    decline: requester ? declineView(x, challenge) : null,
    minutes: invitee && d.minutesDistributedAt ? { distributedAt: iso(d.minutesDistributedAt), text: d.minutesText, html: d.minutesHtml } : null,
  };
}

function minutesPart(d: StrategyDiscussion, messages: StrategyMessage[]) {
  if (!d.minutesDistributedAt) return null;
  return {
    distributedAt: iso(d.minutesDistributedAt),
    text: d.minutesText,
    html: d.minutesHtml,
    recipients: messages.filter((m) => m.kind === 'minutes').map((m) => ({ inviteeId: m.inviteeId, email: m.recipientEmail, status: m.status, sentAt: iso(m.sentAt), attempts: m.attempts })),
  };
}

/** The discussion's minutes and decline notice, with their delivery state, oldest first. */
export async function messagesOf(mail: OutboundMail, em: EntityManager, discussionId: string): Promise<StrategyMessage[]> {
  return strategyMessages(await mail.about(em, ABOUT_DISCUSSION, discussionId));
}
