import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import type { AgencyType, Role } from '../roles';
import { AccountLink, AccountLinkPurpose } from './account-link.entity';
import { Agency } from './agency.entity';
import { AppUser } from './app-user.entity';
import { RoleGrant, RoleGrantKind } from './role-grant.entity';

/** What the login needs about an account, including the password hash no other read selects. */
export interface LoginRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  agencyId: string;
  passwordHash: string | null;
  active: boolean;
  accessExpiresAt: Date | null;
  tokenVersion: number;
  lockedUntil: Date | null;
}

export interface AccountView {
  id: string;
  email: string;
  name: string;
  role: Role;
  agencyId: string;
  active: boolean;
  passwordSet: boolean;
  lockedUntil: Date | null;
  accessExpiresAt: Date | null;
  pendingGrant: { id: string; role: Role; kind: RoleGrantKind } | null;
  createdAt: Date;
}

const ACCOUNT_VIEW = `
  SELECT u.id, u.email, u.name, u.role, u.agency_id AS "agencyId", u.active, u.password_hash IS NOT NULL AS "passwordSet",
         u.locked_until AS "lockedUntil", u.access_expires_at AS "accessExpiresAt", u.created_at AS "createdAt",
         CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'role', g.role, 'kind', g.kind) END AS "pendingGrant"
    FROM app_user u LEFT JOIN role_grant g ON g.user_id = u.id AND g.status = 'pending'`;

/** What every authenticated request re-reads about its account. */
export interface RequestAccountRow {
  id: string;
  role: Role;
  agencyId: string;
  active: boolean;
  accessExpiresAt: Date | null;
  tokenVersion: number;
}

/** Accounts, agencies, password links and role grants: every query of the account tables. */
@Injectable()
export class AccountsRepository {
  /**
   * The account behind a token or a page session. A prepared statement on the pool: this runs on
   * every request, and Postgres then plans it once per connection instead of on every call (intake
   * throughput, SPEC PERF-1).
   */
  async forRequest(em: EntityManager, userId: string): Promise<RequestAccountRow | undefined> {
    const [row] = await preparedQuery<RequestAccountRow>(
      em,
      'SELECT id, role, agency_id AS "agencyId", active, access_expires_at AS "accessExpiresAt", token_version AS "tokenVersion" FROM app_user WHERE id = $1',
      [userId],
    );
    return row;
  }

  async findUser(em: EntityManager, userId: string): Promise<AppUser | null> {
    return em.findOneBy(AppUser, { id: userId });
  }

  async insertAgency(em: EntityManager, agency: { name: string; type: AgencyType; email: string | null; emailDomains: string[] }): Promise<Agency> {
    return em.save(em.create(Agency, agency));
  }

  async findAgency(em: EntityManager, agencyId: string): Promise<Agency | null> {
    return em.findOneBy(Agency, { id: agencyId });
  }

  /** Every agency with how many accounts it has, by name (administration lists them all: a council has hundreds, not millions). */
  async listAgencies(em: EntityManager): Promise<(Agency & { accounts: number })[]> {
    const rows = await em.query(
      `SELECT a.id, a.name, a.type, a.email, a.email_domains AS "emailDomains", a.created_at AS "createdAt", count(u.id)::int AS accounts
         FROM agency a LEFT JOIN app_user u ON u.agency_id = a.id GROUP BY a.id ORDER BY a.name, a.id`,
    );
    return rows;
  }

  /** The bootstrap administrator's agency, created when missing. */
  async ensureAgency(em: EntityManager, name: string, type: AgencyType): Promise<string> {
    const [found] = await em.query('SELECT id FROM agency WHERE name = $1 AND type = $2 LIMIT 1', [name, type]);
    if (found) return found.id;
    const [created] = await em.query('INSERT INTO agency (name, type) VALUES ($1, $2) RETURNING id', [name, type]);
    return created.id;
  }

  async emailExists(em: EntityManager, email: string): Promise<boolean> {
    return (await em.query('SELECT 1 FROM app_user WHERE email = $1', [email])).length > 0;
  }

  /** Safe from several replicas at once: the unique e-mail makes all but one insert nothing. Answers the new id, or null. */
  async insertBootstrapAdmin(em: EntityManager, email: string, agencyId: string, passwordHash: string): Promise<string | null> {
    const inserted = await em.query(
      `INSERT INTO app_user (email, name, role, agency_id, password_hash) VALUES ($1, 'Administrator', 'admin', $2, $3)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email, agencyId, passwordHash],
    );
    return inserted[0]?.id ?? null;
  }

  async findForLogin(em: EntityManager, email: string): Promise<LoginRow | undefined> {
    const [row] = await em.query(
      `SELECT id, email, name, role, agency_id AS "agencyId", password_hash AS "passwordHash", active, access_expires_at AS "accessExpiresAt",
              token_version AS "tokenVersion", locked_until AS "lockedUntil"
         FROM app_user WHERE email = $1`,
      [email.toLowerCase()],
    );
    return row;
  }

  /** One more failure in a row; atomic, so parallel guesses each count. */
  async countFailure(em: EntityManager, userId: string): Promise<number> {
    const [[row]] = await em.query('UPDATE app_user SET failed_login_count = failed_login_count + 1 WHERE id = $1 RETURNING failed_login_count AS n', [userId]);
    return Number(row.n);
  }

  async holdUntil(em: EntityManager, userId: string, until: Date): Promise<void> {
    // GREATEST ignores a NULL: a back-off never shortens a lock-out already running.
    await em.query('UPDATE app_user SET locked_until = GREATEST(locked_until, $2) WHERE id = $1', [userId, until]);
  }

  async clearFailures(em: EntityManager, userId: string): Promise<void> {
    await em.query('UPDATE app_user SET failed_login_count = 0, locked_until = NULL WHERE id = $1 AND (failed_login_count <> 0 OR locked_until IS NOT NULL)', [userId]);
  }

  /** Ends every access token issued to the user so far. */
  async endTokens(em: EntityManager, userId: string): Promise<void> {
    await em.query('UPDATE app_user SET token_version = token_version + 1 WHERE id = $1', [userId]);
  }

  async findAccount(em: EntityManager, userId: string, lock = false): Promise<AccountView | undefined> {
    if (lock) await em.query('SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE', [userId]);
    const [row] = await em.query(`${ACCOUNT_VIEW} WHERE u.id = $1`, [userId]);
    return row;
  }

  async listAccounts(em: EntityManager, after: { createdAt: string; id: string } | undefined, limit: number): Promise<AccountView[]> {
    const where = after ? 'WHERE (u.created_at, u.id) > ($2::timestamptz, $3::uuid)' : '';
    return em.query(`${ACCOUNT_VIEW} ${where} ORDER BY u.created_at, u.id LIMIT $1`, after ? [limit, after.createdAt, after.id] : [limit]);
  }

  async emailTaken(em: EntityManager, email: string): Promise<boolean> {
    return em.existsBy(AppUser, { email: email.toLowerCase() });
  }

  async insertAccount(
    em: EntityManager,
    account: { email: string; name: string; role: Role; agencyId: string; active: boolean; accessExpiresAt: Date | null; createdByUserId: string },
  ): Promise<string> {
    const user = await em.save(em.create(AppUser, { ...account, email: account.email.toLowerCase(), passwordHash: null }));
    return user.id;
  }

  async setActive(em: EntityManager, userId: string, active: boolean): Promise<void> {
    await em.update(AppUser, { id: userId }, { active });
  }

  async setRole(em: EntityManager, userId: string, role: Role, accessExpiresAt: Date | null): Promise<void> {
    await em.update(AppUser, { id: userId }, { role, accessExpiresAt });
  }

  async setPassword(em: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await em.update(AppUser, { id: userId }, { passwordHash, failedLoginCount: 0, lockedUntil: null });
  }

  async insertLink(em: EntityManager, link: { id: string; userId: string; purpose: AccountLinkPurpose; nonce: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await em.insert(AccountLink, link);
  }

  newLinkId(): string {
    return randomUUID();
  }

  async findLinkForUse(em: EntityManager, tokenHash: string, lock = true): Promise<AccountLink | null> {
    return em.findOne(AccountLink, { where: { tokenHash }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** A link is single-use, and a newer one (or a password just set) makes the older ones useless. */
  async retireLinks(em: EntityManager, userId: string, at: Date): Promise<void> {
    await em.query('UPDATE account_link SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [userId, at]);
  }

  async findLinkToSend(em: EntityManager, linkId: string): Promise<(AccountLink & { email: string; name: string; active: boolean }) | undefined> {
    const [row] = await em.query(
      `SELECT l.id, l.user_id AS "userId", l.purpose, l.nonce, l.expires_at AS "expiresAt", l.used_at AS "usedAt", l.sent_at AS "sentAt",
              u.email, u.name, u.active
         FROM account_link l JOIN app_user u ON u.id = l.user_id WHERE l.id = $1`,
      [linkId],
    );
    return row;
  }

  async markLinkSent(em: EntityManager, linkId: string, at: Date): Promise<void> {
    await em.query('UPDATE account_link SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL', [linkId, at]);
  }

  async insertGrant(em: EntityManager, grant: { userId: string; role: Role; kind: RoleGrantKind; accessExpiresAt: Date | null; requestedByUserId: string }): Promise<string> {
    const saved = await em.save(em.create(RoleGrant, { ...grant, status: 'pending' }));
    return saved.id;
  }

  async findGrant(em: EntityManager, grantId: string, lock = false): Promise<RoleGrant | null> {
    return em.findOne(RoleGrant, { where: { id: grantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async findPendingGrant(em: EntityManager, userId: string): Promise<RoleGrant | null> {
    return em.findOne(RoleGrant, { where: { userId, status: 'pending' } });
  }

  async listPendingGrants(em: EntityManager): Promise<RoleGrant[]> {
    return em.find(RoleGrant, { where: { status: 'pending' }, order: { requestedAt: 'ASC' } });
  }

  async decideGrant(em: EntityManager, grantId: string, status: 'approved' | 'rejected', byUserId: string, at: Date): Promise<void> {
    await em.update(RoleGrant, { id: grantId }, { status, decidedByUserId: byUserId, decidedAt: at });
  }

  /** An account created for a case-reading role that no second administrator has approved yet. */
  async awaitingFirstApproval(em: EntityManager, userId: string): Promise<boolean> {
    const [row] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM role_grant WHERE user_id = $1 AND kind = 'new_account')
          AND NOT EXISTS (SELECT 1 FROM role_grant WHERE user_id = $1 AND kind = 'new_account' AND status = 'approved') AS waiting`,
      [userId],
    );
    return row.waiting;
  }
}
