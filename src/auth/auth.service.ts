import { Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { AccountCache } from './account-cache';
import { AccountLinksService } from './account-links.service';
import { Actor } from './actor';
import { accountLinkTokenHash } from './domain/account-link-token';
import { afterFailure } from './domain/login-backoff';
import { TokenResponseDto } from './dto/token.dto';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { AccountsRepository, LoginRow } from './persistence/accounts.repository';
import { TokenClaims } from './token-authenticator';

/** One answer for every refused login, so it never tells whether an account exists or is locked. */
export const LOGIN_REFUSED = 'Invalid e-mail or password';
const LINK_NOT_VALID = 'This link is not valid: it has expired, was already used, or a newer one was sent';

/**
 * Sign-in, sign-out and passwords (SPEC SEC-1). Every login, failed login and lock-out is an audit
 * event; failures in a row back off and then lock the account (domain/login-backoff.ts).
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsRepository,
    private readonly links: AccountLinksService,
    private readonly audit: AuditService,
    private readonly jwt: JwtService,
    private readonly accountCache: AccountCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async issueToken(actor: Actor, email: string, password: string): Promise<TokenResponseDto> {
    const user = await this.signIn(actor, email, password);
    const claims: TokenClaims = { sub: user.id, role: user.role, agencyId: user.agencyId, ver: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtTtlSeconds });
    return {
      accessToken,
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, role: user.role, agencyId: user.agencyId, name: user.name, email: user.email },
    };
  }

  /**
   * Checks a login and records it: the one path for the API's token and the web's sign-in, so both
   * get the same back-off, lock-out and audit. Returns the account with its current token version.
   */
  async signIn(actor: Actor, email: string, password: string): Promise<LoginRow> {
    const user = await this.uow.read((em) => this.accounts.findForLogin(em, email));
    // Always verify a hash, so an unknown e-mail, a locked account and a wrong password take the same time.
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    const now = this.now();
    if (!user) {
      await this.uow.run((em) => this.audit.record(em, actor, { action: 'auth.login_failed', entityType: 'app_user', entityId: null, summary: { reason: 'unknown_account' } }));
      throw new UnauthorizedException(LOGIN_REFUSED);
    }
    const locked = user.lockedUntil !== null && user.lockedUntil > now;
    const expired = user.accessExpiresAt !== null && user.accessExpiresAt <= now;
    if (locked || !valid || !user.active || expired || !user.passwordHash) {
      await this.refuse(actor, user, { locked, valid, expired });
      throw new UnauthorizedException(LOGIN_REFUSED);
    }
    await this.uow.run(async (em) => {
      await this.accounts.clearFailures(em, user.id);
      await this.audit.record(em, this.as(actor, user), { action: 'auth.login', entityType: 'app_user', entityId: user.id, summary: {} });
    });
    return user;
  }

  private async refuse(actor: Actor, user: LoginRow, why: { locked: boolean; valid: boolean; expired: boolean }): Promise<void> {
    await this.uow.run(async (em) => {
      const base = { entityType: 'app_user', entityId: user.id };
      if (why.locked) {
        // While held, attempts are refused without counting: a guesser cannot extend a lock-out forever.
        await this.audit.record(em, actor, { action: 'auth.login_failed', ...base, summary: { reason: 'locked' } });
        return;
      }
      if (!why.valid) {
        const failures = await this.accounts.countFailure(em, user.id);
        const outcome = afterFailure(failures, { threshold: this.config.loginLockoutThreshold, lockoutSeconds: this.config.loginLockoutSeconds });
        await this.audit.record(em, actor, { action: 'auth.login_failed', ...base, summary: { reason: 'wrong_password', failuresInARow: failures } });
        if (outcome.kind !== 'none') await this.accounts.holdUntil(em, user.id, new Date(this.now().getTime() + outcome.seconds * 1000));
        if (outcome.kind === 'locked') {
          await this.audit.record(em, actor, { action: 'auth.locked_out', ...base, summary: { failuresInARow: failures, seconds: outcome.seconds } });
        }
        return;
      }
      const reason = !user.active ? 'inactive' : why.expired ? 'access_expired' : 'no_password_yet';
      await this.audit.record(em, actor, { action: 'auth.login_failed', ...base, summary: { reason } });
    });
  }

  /** Ends every token of the caller, this one included (all their sessions). */
  async signOut(actor: Actor): Promise<void> {
    await this.uow.run(async (em) => {
      await this.accounts.endTokens(em, actor.userId!);
      await this.audit.record(em, actor, { action: 'auth.signed_out', entityType: 'app_user', entityId: actor.userId, summary: {} });
    });
    this.accountCache.forget(actor.userId!);
  }

  /** Uses a link: sets the password, ends every earlier token and clears a lock-out. */
  async setPassword(actor: Actor, token: string, password: string): Promise<void> {
    const tokenHash = accountLinkTokenHash(token);
    // Hashing a password is slow by design: only for a link that exists (checked again, locked, below).
    const seen = await this.uow.read((em) => this.accounts.findLinkForUse(em, tokenHash, false));
    if (!seen || seen.usedAt || seen.expiresAt <= this.now()) throw new NotFoundException(LINK_NOT_VALID);
    const passwordHash = await hashPassword(password);
    const userId = await this.uow.run(async (em) => {
      const now = this.now();
      const link = await this.accounts.findLinkForUse(em, tokenHash);
      if (!link || link.usedAt || link.expiresAt <= now) throw new NotFoundException(LINK_NOT_VALID);
      const account = await this.accounts.findAccount(em, link.userId, true);
      if (!account?.active) throw new NotFoundException(LINK_NOT_VALID);
      await this.accounts.setPassword(em, link.userId, passwordHash);
      await this.accounts.retireLinks(em, link.userId, now);
      await this.accounts.endTokens(em, link.userId);
      await this.audit.record(em, { ...actor, userId: account.id, role: account.role, agencyId: account.agencyId }, {
        action: 'user.password_set', entityType: 'app_user', entityId: account.id, summary: { purpose: link.purpose },
      });
      return account.id;
    });
    this.accountCache.forget(userId);
  }

  /** Anyone may ask; only an active account with that address gets a link, and the answer is the same either way. */
  async requestPasswordReset(actor: Actor, email: string): Promise<void> {
    const user = await this.uow.read((em) => this.accounts.findForLogin(em, email));
    if (!user?.active) return;
    await this.uow.run(async (em) => {
      await this.links.issue(em, user.id, 'reset');
      await this.audit.record(em, actor, { action: 'user.password_reset_requested', entityType: 'app_user', entityId: user.id, summary: { by: 'user' } });
    });
  }

  /** The caller's own account, as GET /me shows it. */
  async me(actor: Actor): Promise<TokenResponseDto['user']> {
    const user = await this.uow.read((em) => this.accounts.findUser(em, actor.userId!));
    if (!user) throw new NotFoundException('User not found');
    return { id: user.id, role: user.role, agencyId: user.agencyId, name: user.name, email: user.email };
  }

  /** When the caller's access ends (auditors' accounts have an end; others usually none). */
  async accessExpiresAt(actor: Actor): Promise<Date | null> {
    const user = await this.uow.read((em) => this.accounts.findUser(em, actor.userId!));
    return user?.accessExpiresAt ?? null;
  }

  private as(actor: Actor, user: LoginRow): Actor {
    return { ...actor, userId: user.id, role: user.role, agencyId: user.agencyId };
  }
}
