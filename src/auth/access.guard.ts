import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Repository } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { ACCESS_KEY, AccessDeclaration, SESSION_KEY } from './access.decorator';
import { Actor } from './actor';
import { AppUser } from './persistence/app-user.entity';
import type { Role } from './roles';

export interface TokenClaims {
  sub: string;
  role: Role;
  agencyId: string;
}

export type AuthenticatedRequest = Request & { actor?: Actor; id?: string | number };

/**
 * Global guard: deny by default. A route without an @Allow/@PublicRoute declaration is refused
 * (403), a token that is missing, tampered or expired is 401, a role not in the declaration is 403.
 * The user row is re-read on each request so a deactivated user or an expired auditor is cut off
 * at once rather than when their token expires.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectRepository(AppUser) private readonly users: Repository<AppUser>,
    @Inject('NOW') private readonly now: () => Date,
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
    const claims = viaSession ? this.fromSession(request) : await this.verify(request);
    // A prepared statement on the pool: this runs on every request, and Postgres then plans it once
    // per connection instead of on every call (intake throughput, SPEC PERF-1).
    const [user] = await preparedQuery<Pick<AppUser, 'id' | 'role' | 'agencyId' | 'active' | 'accessExpiresAt'>>(
      this.users.manager,
      'SELECT id, role, agency_id AS "agencyId", active, access_expires_at AS "accessExpiresAt" FROM app_user WHERE id = $1',
      [claims.sub],
    );
    if (!user || !user.active || (user.accessExpiresAt && user.accessExpiresAt <= this.now())) {
      throw new UnauthorizedException('Your account is not active');
    }
    request.actor = { userId: user.id, role: user.role, agencyId: user.agencyId, ...base };
    if (!declaration.roles.includes(user.role)) {
      throw new ForbiddenException(`The ${user.role} role may not do this`);
    }
    return true;
  }

  /** Web pages: the session holds the user id only; role and agency are read from the account below, as for a token. */
  private fromSession(request: Request): Pick<TokenClaims, 'sub'> {
    const userId = (request as Request & { session?: { userId?: string } }).session?.userId;
    if (!userId) throw new UnauthorizedException('Sign in to see this page');
    return { sub: userId };
  }

  private async verify(request: Request): Promise<TokenClaims> {
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('A bearer token is required');
    try {
      return await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedException('The token is invalid or has expired');
    }
  }
}
