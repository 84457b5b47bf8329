import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from './roles';

export const ACCESS_KEY = 'mash:access';
/** Marks a web page: the caller is the session's signed-in user, never a bearer token (and the API never reads the session). */
export const SESSION_KEY = 'mash:session';
export type AccessDeclaration = { public: true } | { public: false; roles: Role[] };

/**
 * Declares who may call a route, and documents it in OpenAPI (CONVENTIONS habit 8). The global
 * AccessGuard denies every route without a declaration; a test walks every route to prove each has one.
 */
export function Allow(...roles: Role[]) {
  if (roles.length === 0) throw new Error('Allow() needs at least one role');
  return applyDecorators(
    SetMetadata(ACCESS_KEY, { public: false, roles } satisfies AccessDeclaration),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No token, or an invalid or expired token' }),
    ApiForbiddenResponse({ description: `Only for: ${roles.join(', ')}` }),
  );
}

/** Declares a route callable without an account (public contact intake, health, login). */
export function PublicRoute() {
  return SetMetadata(ACCESS_KEY, { public: true } satisfies AccessDeclaration);
}

/** A web page, declared like a route: who may see it. The caller is the session's user (SPEC WEB-1, WEB-3). */
export function AllowPage(...roles: Role[]) {
  if (roles.length === 0) throw new Error('AllowPage() needs at least one role');
  return applyDecorators(SetMetadata(ACCESS_KEY, { public: false, roles } satisfies AccessDeclaration), SetMetadata(SESSION_KEY, true));
}

/** A web page anyone may see without signing in (the public referral, sign-in). */
export function PublicPage() {
  return applyDecorators(SetMetadata(ACCESS_KEY, { public: true } satisfies AccessDeclaration), SetMetadata(SESSION_KEY, true));
}

export const CASE_PAGE_KEY = 'mash:case-page';

/**
 * A case-work page (SPEC §0, SEC-2): to a signed-in role it is not for, it does not exist (404, the
 * page-not-found page), so a referrer or an administrator cannot learn which contacts or children
 * have pages. Put on the controller, beside @AllowPage on each handler.
 */
export function CasePage() {
  return SetMetadata(CASE_PAGE_KEY, true);
}
