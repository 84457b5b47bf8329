import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_KEY, AccessDeclaration } from './access.decorator';
import { Actor } from './actor';
import { TokenAuthenticator } from './token-authenticator';

export type AuthenticatedRequest = Request & { actor?: Actor; id?: string | number };

/**
 * Global guard: deny by default. A route without an @Allow/@PublicRoute declaration is refused
 * (403), a token that is missing, tampered, expired, revoked or for another issuer or audience is
 * 401, a role not in the declaration is 403.
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
    const user = await this.tokens.authenticate(request.headers.authorization);
    request.actor = { userId: user.id, role: user.role, agencyId: user.agencyId, ...base };
    if (!declaration.roles.includes(user.role)) {
      throw new ForbiddenException(`The ${user.role} role may not do this`);
    }
    return true;
  }
}
