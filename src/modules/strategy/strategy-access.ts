import type { Actor } from '../../auth/actor';
import type { StrategyDiscussion } from './persistence/strategy-discussion.entity';
import type { StrategyInvitee } from './persistence/strategy-invitee.entity';

/** MASH staff and auditors see every discussion in full; others only their own requests and invitations. */
export function seesEverything(actor: Actor): boolean {
  return actor.role === 'mash_worker' || actor.role === 'mash_manager' || actor.role === 'auditor';
}

export function isRequester(actor: Actor, d: Pick<StrategyDiscussion, 'requestedByUserId'>): boolean {
  return actor.userId !== null && d.requestedByUserId === actor.userId;
}

/**
 * An invitee, per person: the user named on an invitation, or, where an agency was invited without
 * naming anyone, a user of that agency. A colleague of a named invitee is not invited.
 */
export function isInvitee(actor: Actor, invitees: Pick<StrategyInvitee, 'userId' | 'agencyId'>[]): boolean {
  return invitees.some((i) => (i.userId ? actor.userId !== null && i.userId === actor.userId : actor.agencyId !== null && i.agencyId === actor.agencyId));
}
