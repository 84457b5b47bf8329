import type { Role } from './roles';

/** Who is acting, taken from the verified token and the request. Passed to use cases and the audit trail. */
export interface Actor {
  userId: string | null; // null for public (no account) callers and system jobs
  role: Role | 'public' | 'system';
  agencyId: string | null;
  requestId: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system', agencyId: null, requestId: null, ip: null };

export function isMashStaff(actor: Actor): boolean {
  return actor.role === 'mash_worker' || actor.role === 'mash_manager';
}
