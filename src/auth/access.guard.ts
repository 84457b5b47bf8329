import { CanActivate, ExecutionContext, ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_KEY, AccessDeclaration, CASE_PAGE_KEY, SESSION_KEY } from './access.decorator';
import { Actor } from './actor';
import { PROFESSIONALS } from './roles';
import { AuthenticatedUser, TokenAuthenticator } from './token-authenticator';

/** The MASH staff's case pages (src/web): under /mash. */
const CASE_PAGE = /^\/mash(\/|$)/;

export type AuthenticatedRequest = Request & { actor?: Actor; id?: string | number };

/**
 * Global guard: deny by default. A route without an @Allow/@PublicRoute declaration is refused
 * (403), a token that is missing, tampered, expired, revoked or for another issuer or audience is
 * 401, a role not in the declaration is 403. Web pages take the caller from the session instead,
 * under the same account checks (deactivation, expiry, token version).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const declaration = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const base = { requestId: request.id ? String(request.id) : null, ip: request.ip ?? null };
    if (!declaration) throw new ForbiddenException('This route has no access declaration');
    if (declaration.public) {
      request.actor = { userId: null, role: 'public', agencyId: null, ...base };
      return true;
    }
    const viaSession = this.reflector.getAllAndOverride<boolean | undefined>(SESSION_KEY, [context.getHandler(), context.getClass()]);
    const user = viaSession ? await this.fromSession(request) : await this.tokens.authenticate(request.headers.authorization);
    request.actor = { userId: user.id, role: user.role, agencyId: user.agencyId, ...base };
    if (!declaration.roles.includes(user.role)) {
      // Administrators never read case data (SEC-4): a page not theirs is "not there", as a record
      // not yours is (SEC-2), so an administrator cannot even learn which case pages exist.
      if (viaSession && user.role === 'admin') throw new NotFoundException();
      // A MASH case page does not exist for referrers, police and partners (SPEC SEC-2: never confirm a case).
      if (viaSession && CASE_PAGE.test(request.path) && (PROFESSIONALS as string[]).includes(user.role)) throw new NotFoundException();
      // A page marked @CasePage() does not exist for any role it does not name.
      if (viaSession && this.reflector.getAllAndOverride<boolean | undefined>(CASE_PAGE_KEY, [context.getHandler(), context.getClass()])) throw new NotFoundException();
      throw new ForbiddenException(`The ${user.role} role may not do this`);
    }
    return true;
  }

  /** Web pages: the session holds the user id and the token version it signed in under; the account is re-read as for a token. */
  private fromSession(request: Request): Promise<AuthenticatedUser> {
    const session = (request as Request & { session?: { userId?: string; tokenVersion?: number } }).session;
    if (!session?.userId) throw new UnauthorizedException('Sign in to see this page');
    return this.tokens.authenticateSession(session.userId, session.tokenVersion);
  }
}
