import type { Role } from '../../src/auth/roles';

/**
 * The security matrix (SPEC SEC-1, SEC-4): for every route, who may call it. Written out by hand,
 * role by role, so it is a statement to review, not a copy of the decorators: the e2e test
 * `test/e2e/security-matrix.spec.ts` calls every route as every role and with no token and checks the
 * answers against this table, and fails when a registered route is missing here (or an entry is stale).
 *
 * To add a route: one line, `'METHOD /path/:param': [roles]` (the path as Nest registers it), or
 * `PUBLIC` for routes without an account. Administrators never appear on case-data routes (SEC-4).
 */
export const PUBLIC = 'public' as const;
export type Access = Role[] | typeof PUBLIC;

const STAFF: Role[] = ['mash_worker', 'mash_manager'];
const PROS: Role[] = ['referrer', 'police', 'partner'];
const EVERYONE: Role[] = ['referrer', 'police', 'partner', 'mash_worker', 'mash_manager', 'auditor', 'admin'];

export const ROUTE_ACCESS: Record<string, Access> = {
  // operations
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /metrics': PUBLIC,
  // auth and administration
  'POST /api/v1/auth/token': PUBLIC,
  'POST /api/v1/auth/password': PUBLIC,
  'POST /api/v1/auth/password-reset': PUBLIC,
  'POST /api/v1/auth/sign-out': EVERYONE,
  'GET /api/v1/me': EVERYONE,
  'POST /api/v1/admin/agencies': ['admin'],
  'GET /api/v1/admin/agencies': ['admin'],
  'POST /api/v1/admin/users': ['admin'],
  'GET /api/v1/admin/users': ['admin'],
  'GET /api/v1/admin/users/:id': ['admin'],
  'POST /api/v1/admin/users/:id/deactivate': ['admin'],
  'POST /api/v1/admin/users/:id/reactivate': ['admin'],
  'POST /api/v1/admin/users/:id/unlock': ['admin'],
  'POST /api/v1/admin/users/:id/password-reset': ['admin'],
  'POST /api/v1/admin/users/:id/role': ['admin'],
  'GET /api/v1/admin/role-grants': ['admin'],
  'POST /api/v1/admin/role-grants/:id/approve': ['admin'],
  'POST /api/v1/admin/role-grants/:id/reject': ['admin'],
  // contacts (INT)
  'POST /api/v1/contacts': [...PROS, ...STAFF],
  'GET /api/v1/contacts': PROS,
  'GET /api/v1/contacts/:id': [...PROS, ...STAFF],
  'POST /api/v1/contacts/:id/information': [...PROS, ...STAFF],
  'POST /api/v1/contacts/:id/household': STAFF,
  'POST /api/v1/contacts/:id/household/:memberId/left': STAFF,
  'POST /api/v1/public/contacts': PUBLIC,
  'GET /api/v1/public/contacts/:reference/status': PUBLIC,
  'POST /api/v1/public/contacts/:reference/information': PUBLIC,
  // agency checks (CHK)
  'POST /api/v1/contacts/:id/checks': STAFF,
  'GET /api/v1/contacts/:id/checks': STAFF,
  'GET /api/v1/checks': ['partner', 'police'],
  'POST /api/v1/checks/:id/response': ['partner', 'police'],
  'POST /api/v1/checks/:id/waive': ['mash_manager'],
  // decisions (DEC)
  'GET /api/v1/decisions/:id': [...STAFF, 'auditor'],
  'POST /api/v1/contacts/:id/subjects/:subjectId/decision': STAFF,
  'POST /api/v1/decisions/:id/supersede': ['mash_manager'],
  'GET /api/v1/reports/overrides': ['mash_manager', 'auditor'],
  // strategy discussions (STR), step-downs and child status (STEP), oversight (MGT), challenges (ESC)
  'POST /api/v1/strategy-discussions': ['referrer','police','partner','mash_worker','mash_manager'],
  'GET /api/v1/strategy-discussions': ['referrer','police','partner','mash_worker','mash_manager','auditor'],
  'GET /api/v1/strategy-discussions/:id': ['referrer','police','partner','mash_worker','mash_manager','auditor'],
  'POST /api/v1/strategy-discussions/:id/convene': STAFF,
  'POST /api/v1/strategy-discussions/:id/reconvene': STAFF,
  'POST /api/v1/strategy-discussions/:id/decline': ['mash_manager'],
  'POST /api/v1/strategy-discussions/:id/record': STAFF,
  'POST /api/v1/strategy-discussions/:id/icpc': STAFF,
  'POST /api/v1/contacts/:id/tags/malicious-vexatious': STAFF,
  'GET /api/v1/contacts/:id/tags': ['mash_worker','mash_manager','auditor'],
  'POST /api/v1/strategy-discussions/:id/actions/:actionId/status': STAFF,
  'POST /api/v1/strategy-discussions/:id/minutes/distribute': STAFF,
  'POST /api/v1/strategy-discussions/:id/minutes/not-received': ['referrer','police','partner','mash_worker','mash_manager'],
  'POST /api/v1/step-downs': STAFF,
  'GET /api/v1/step-downs/:id': ['mash_worker','mash_manager','referrer','police','partner'],
  'POST /api/v1/step-downs/:id/accept': PROS,
  'POST /api/v1/step-downs/:id/reject': PROS,
  'POST /api/v1/step-downs/:id/consent-declined': ['mash_worker','mash_manager','referrer','police','partner'],
  // retention and legal hold (SEC-5)
  'POST /api/v1/people/:id/legal-hold': ['mash_manager'],
  'POST /api/v1/people/:id/legal-hold/lift': ['mash_manager'],
  'GET /api/v1/people/:id/status': ['mash_worker','mash_manager','referrer','police','partner'],
  'POST /api/v1/people/:id/status': ['mash_manager'],
  'POST /api/v1/audits/samples': ['mash_manager'],
  'GET /api/v1/audits/:id': ['mash_manager','auditor'],
  'POST /api/v1/audits/:id/answers': ['mash_manager'],
  'GET /api/v1/reports/audit-agreement': ['mash_manager','auditor'],
  'GET /api/v1/reports/dashboard': ['mash_manager','auditor'],
  'GET /api/v1/reports/board-pack': ['mash_manager','auditor'],
  'GET /api/v1/exports/annex-a/list-1.csv': ['mash_manager','auditor'],
  'GET /api/v1/exports/annex-a/list-3.csv': ['mash_manager','auditor'],
  'GET /api/v1/people/:id/access-log': ['mash_manager'],
  'POST /api/v1/challenges': PROS,
  'POST /api/v1/challenges/:id/respond': ['mash_manager'],
  'GET /api/v1/challenges': ['referrer','police','partner','mash_worker','mash_manager','auditor'],
  'GET /api/v1/challenges/:id': ['referrer','police','partner','mash_worker','mash_manager','auditor'],
  'POST /api/v1/professionals-meetings': PROS,
  'POST /api/v1/professionals-meetings/:id/answer': ['mash_manager'],
  'GET /api/v1/professionals-meetings': ['referrer','police','partner','mash_worker','mash_manager','auditor'],
  // feedback (FB)
  'GET /api/v1/contacts/:id/feedback': [...STAFF, ...PROS],
  'POST /api/v1/feedback/:id/resend': STAFF,
  // triage (RAG): queue, grading, assignment, approvals
  'GET /api/v1/triage/queue': STAFF,
  'GET /api/v1/contacts/:id/triage': STAFF,
  'POST /api/v1/contacts/:id/assign': STAFF,
  'POST /api/v1/contacts/:id/subjects/:subjectId/grade': STAFF,
  'POST /api/v1/contacts/:id/grade-by-hand': STAFF,
  'GET /api/v1/approvals': STAFF,
  'POST /api/v1/approvals/:id/approve': ['mash_manager'],
  'POST /api/v1/approvals/:id/reject': ['mash_manager'],
  // SLA notifications: each user's own (breach messages carry references and kinds, no case data)
  'GET /api/v1/notifications': EVERYONE,
  'POST /api/v1/notifications/:id/read': EVERYONE,
  // people (PPL): index, links, matching, flags, history, chronology
  'POST /api/v1/people/search': STAFF,
  'GET /api/v1/people/:id': STAFF,
  'GET /api/v1/people/:id/history': STAFF,
  'GET /api/v1/people/:id/chronology': [...STAFF, 'auditor'],
  'POST /api/v1/people/:id/merge': STAFF,
  'POST /api/v1/people/merges/:mergeId/revert': STAFF,
  'POST /api/v1/people/:id/flags': STAFF,
  'POST /api/v1/people/:id/flags/:flagId/end': STAFF,
  'POST /api/v1/contacts/:id/subjects/:subjectId/link': STAFF,
  'POST /api/v1/contacts/:id/subjects/:subjectId/unlink': STAFF,
  'POST /api/v1/contacts/:id/household/:memberId/link': STAFF,
  'POST /api/v1/contacts/:id/household/:memberId/unlink': STAFF,
  'GET /api/v1/contacts/:id/match-candidates': STAFF,
  'POST /api/v1/people/match-candidates/:candidateId/confirm': STAFF,
  'POST /api/v1/people/match-candidates/:candidateId/reject': STAFF,
  // audit (MGT)
  'GET /api/v1/audit-events': ['mash_manager', 'auditor'],
  'GET /api/v1/audit-events/verify': ['mash_manager', 'auditor'],
};

export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Fills path parameters (`:id`, `:reference`...) with the given value. */
export const fillPath = (path: string, value: string) => path.replace(/:[A-Za-z]+/g, value);
