import { CanActivate, ExecutionContext, ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_KEY, AccessDeclaration, CASE_PAGE_KEY, SESSION_KEY } from './access.decorator';
import { Actor } from './actor';
import { PROFESSIONALS } from './roles';
import { AuthenticatedUser, TokenAuthenticator } from './token-authenticator';

/** The MASH staff's case pages (src/web): under /mash. */
const CASE_PAGE = /^\/mash(\/|$)/;

interface RouteAccess {
  declaration: AccessDeclaration | undefined;
  viaSession: boolean | undefined;
  casePage: boolean | undefined;
}

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

  /** Each route's declarations, read from its metadata once (they are fixed when the class is decorated). */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();

  private routeAccess(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const cls = context.getClass();
    let ofClass = this.routes.get(cls);
    if (!ofClass) this.routes.set(cls, (ofClass = new WeakMap()));
    let access = ofClass.get(handler);
    if (!access) {
      const read = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key, [handler, cls]);
      access = { declaration: read<AccessDeclaration>(ACCESS_KEY), viaSession: read<boolean>(SESSION_KEY), casePage: read<boolean>(CASE_PAGE_KEY) };
      ofClass.set(handler, access);
    }
    return access;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { declaration, viaSession, casePage } = this.routeAccess(context);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const base = { requestId: request.id ? String(request.id) : null, ip: request.ip ?? null };
    if (!declaration) throw new ForbiddenException('This route has no access declaration');
    if (declaration.public) {
      request.actor = { userId: null, role: 'public', agencyId: null, ...base };
      return true;
    }
    const user = viaSession ? await this.fromSession(request) : await this.tokens.authenticate(request.headers.authorization);
    request.actor = { userId: user.id, role: user.role, agencyId: user.agencyId, ...base };
    if (!declaration.roles.includes(user.role)) {
      // Administrators never read case data (SEC-4): a page not theirs is "not there", as a record
      // not yours is (SEC-2), so an administrator cannot even learn which case pages exist.
      if (viaSession && user.role === 'admin') throw new NotFoundException();
      // A MASH case page does not exist for referrers, police and partners (SPEC SEC-2: never confirm a case).
      if (viaSession && CASE_PAGE.test(request.path) && (PROFESSIONALS as string[]).includes(user.role)) throw new NotFoundException();
      // A page marked @CasePage() does not exist for any role it does not name.
      if (viaSession && casePage) throw new NotFoundException();
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
