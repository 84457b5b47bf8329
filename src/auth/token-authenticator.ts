import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UnitOfWork } from '../database/unit-of-work';
import { AccountCache } from './account-cache';
import { AccountsRepository } from './persistence/accounts.repository';
import type { Role } from './roles';

export interface TokenClaims {
  sub: string;
  role: Role;
  agencyId: string;
  /** The account's token version when the token was issued; a raised version ends the token. */
  ver: number;
}

/** What a verified token carries that verification checked against the clock. */
type VerifiedClaims = TokenClaims & { exp?: number; nbf?: number };

/** Tokens verified already; past this many the map starts again (only valid tokens are ever added). */
const MAX_VERIFIED = 10_000;

export interface AuthenticatedUser {
  id: string;
  role: Role;
  agencyId: string;
}

/**
 * Turns a bearer header into the current user, or a 401: signature, expiry, issuer and audience
 * (checked by the JwtService options), then the user row, so that deactivation, an expired auditor
 * and a raised token version (sign-out, deactivation, role or password change) end access at once
 * rather than when the token expires (the row comes from AccountCache, which forgets an account as
 * soon as it changes). Used by the global guard and by Bull Board, which sits outside Nest's guards.
 */
@Injectable()
export class TokenAuthenticator {
  /**
   * Tokens whose signature, issuer and audience were checked: those never change for a given token
   * text, so a caller's next requests skip the HMAC and the two JSON parses (2% of the API's CPU
   * under bench:intake). Expiry and not-before are checked against the clock on every use, as
   * jsonwebtoken checks them.
   */
  private readonly verified = new Map<string, VerifiedClaims>();

  constructor(
    private readonly jwt: JwtService,
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsRepository,
    private readonly cache: AccountCache,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AuthenticatedUser> {
    const [scheme, token] = (authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('A bearer token is required');
    let claims: TokenClaims;
    try {
      claims = await this.verify(token);
    } catch {
      throw new UnauthorizedException('The token is invalid or has expired');
    }
    if (typeof claims.sub !== 'string' || !Number.isInteger(claims.ver)) throw new UnauthorizedException('The token is invalid or has expired');
    return this.currentUser(claims.sub, claims.ver, 'The token has been revoked; sign in again');
  }

  /**
   * A web page's session: the user id and the token version at sign-in. Signing out elsewhere,
   * deactivation or a role or password change raise the version and so end the session too.
   */
  authenticateSession(userId: string, tokenVersion: number | undefined): Promise<AuthenticatedUser> {
    if (!Number.isInteger(tokenVersion)) throw new UnauthorizedException('Sign in to see this page');
    return this.currentUser(userId, tokenVersion!, 'Your session has ended; sign in again');
  }

  private async verify(token: string): Promise<VerifiedClaims> {
    const known = this.verified.get(token);
    // jsonwebtoken's own rule: whole seconds, valid from nbf, until (not at) exp.
    const now = Math.floor(Date.now() / 1000);
    if (known && (known.exp === undefined || now < known.exp) && (known.nbf === undefined || known.nbf <= now)) return known;
    const claims = await this.jwt.verifyAsync<VerifiedClaims>(token);
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private async currentUser(userId: string, version: number, revoked: string): Promise<AuthenticatedUser> {
    const user = await this.cache.read(userId, () => this.uow.read((em) => this.accounts.forRequest(em, userId)));
    if (!user || !user.active || (user.accessExpiresAt && user.accessExpiresAt <= this.now())) {
      throw new UnauthorizedException('Your account is not active');
    }
    if (user.tokenVersion !== version) throw new UnauthorizedException(revoked);
    return { id: user.id, role: user.role, agencyId: user.agencyId };
  }
}
