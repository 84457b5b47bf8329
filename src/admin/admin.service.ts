import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountCache } from '../auth/account-cache';
import { AccountLinksService } from '../auth/account-links.service';
import { Actor } from '../auth/actor';
import { AccountsRepository, AccountView } from '../auth/persistence/accounts.repository';
import { RoleGrant } from '../auth/persistence/role-grant.entity';
import { Role } from '../auth/roles';
import { AuditService } from '../audit/audit.service';
import { RuleViolationException } from '../common/errors';
import { decodeCursor, encodeCursor, Page } from '../common/pagination';
import { InvalidInputException } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { ChangeRoleDto, CreateAgencyDto, CreateUserDto } from './dto/admin.dto';

/**
 * Every role takes a second administrator's approval (SPEC SEC-4). A role that reads case data,
 * because one administrator alone must never open a case to an address they control. The
 * administrator role too: an administrator approves the others, so one who could make a second
 * administrator alone (a sock puppet at an address of their own) could then approve any
 * case-reading role with it, and the two-person rule would be one person.
 */
export const needsSecondApproval = (_role: Role) => true;

export type AccountStatus = 'active' | 'invited' | 'pending_approval' | 'deactivated' | 'locked';

/**
 * Administration of agencies and accounts. Administrators never set or see a password; they never
 * read case data; a role that reads case data takes effect only when another administrator approves
 * it. Every change is an audit event written in the same transaction.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly accounts: AccountsRepository,
    private readonly links: AccountLinksService,
    private readonly accountCache: AccountCache,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  createAgency(actor: Actor, dto: CreateAgencyDto) {
    return this.uow.run(async (em) => {
      const emailDomains = [...new Set((dto.emailDomains ?? []).map((d) => d.toLowerCase()))];
      const agency = await this.accounts.insertAgency(em, { name: dto.name, type: dto.type, email: dto.email?.toLowerCase() ?? null, emailDomains });
      await this.audit.record(em, actor, { action: 'agency.created', entityType: 'agency', entityId: agency.id, summary: { type: agency.type, emailDomains } });
      return agency;
    });
  }

  async createUser(actor: Actor, dto: CreateUserDto) {
    const expires = this.expiry(dto.role, dto.accessExpiresAt);
    return this.uow.run(async (em) => {
      const agency = await this.accounts.findAgency(em, dto.agencyId);
      if (!agency) {
        throw new RuleViolationException('The agency does not exist', [{ field: 'agencyId', rule: 'exists', message: 'No agency has this id' }]);
      }
      if (await this.accounts.emailTaken(em, dto.email)) throw new ConflictException('A user with this e-mail already exists');
      const approval = needsSecondApproval(dto.role);
      const userId = await this.accounts.insertAccount(em, {
        email: dto.email, name: dto.name, role: dto.role, agencyId: agency.id, active: !approval, accessExpiresAt: expires, createdByUserId: actor.userId!,
      });
      let grantId: string | null = null;
      if (approval) {
        grantId = await this.accounts.insertGrant(em, { userId, role: dto.role, kind: 'new_account', accessExpiresAt: expires, requestedByUserId: actor.userId! });
      } else {
        await this.links.issue(em, userId, 'activation');
      }
      await this.audit.record(em, actor, {
        action: 'user.created', entityType: 'app_user', entityId: userId, summary: { role: dto.role, agencyId: agency.id, awaitingApproval: approval, roleGrantId: grantId },
      });
      return this.view(em, userId);
    });
  }

  /** Every agency, with how many accounts it holds. */
  listAgencies() {
    return this.uow.read(async (em) => ({ items: await this.accounts.listAgencies(em) }));
  }

  async list(cursor: string | undefined, limit = 50): Promise<Page<ReturnType<AdminService['present']>>> {
    const after = decodeCursor<{ createdAt: string; id: string }>(cursor);
    if (cursor && !after) throw new InvalidInputException([{ field: 'cursor', rule: 'isCursor', message: 'cursor is not one this service gave out' }]);
    return this.uow.run(async (em) => {
      const rows = await this.accounts.listAccounts(em, after, limit + 1);
      const items = rows.slice(0, limit).map((r) => this.present(r));
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { items, nextCursor: last ? encodeCursor({ createdAt: new Date(last.createdAt).toISOString(), id: last.id }) : null };
    });
  }

  get(userId: string) {
    return this.uow.run((em) => this.view(em, userId));
  }

  /** Ends access at once: the account can no longer sign in, and every token it holds is refused. */
  deactivate(actor: Actor, userId: string) {
    if (userId === actor.userId) {
      throw new RuleViolationException('You cannot deactivate your own account', [{ field: 'id', rule: 'SEC-4.not-self', message: 'Another administrator must do this' }]);
    }
    return this.change(actor, userId, 'user.deactivated', async (em) => {
      await this.accounts.setActive(em, userId, false);
      await this.accounts.endTokens(em, userId);
    });
  }

  reactivate(actor: Actor, userId: string) {
    return this.change(actor, userId, 'user.reactivated', async (em) => {
      if (await this.accounts.awaitingFirstApproval(em, userId)) {
        throw new ConflictException('This account is waiting for a second administrator to approve its role');
      }
      await this.accounts.setActive(em, userId, true);
    });
  }

  unlock(actor: Actor, userId: string) {
    return this.change(actor, userId, 'user.unlocked', (em) => this.accounts.clearFailures(em, userId));
  }

  sendPasswordReset(actor: Actor, userId: string) {
    return this.change(actor, userId, 'user.password_reset_requested', async (em, account) => {
      if (!account.active) throw new ConflictException('The account is not active; reactivate it first');
      await this.links.issue(em, userId, account.passwordSet ? 'reset' : 'activation');
    });
  }

  /** Every role is requested and waits for a second administrator (202 with the pending grant). */
  async changeRole(actor: Actor, userId: string, dto: ChangeRoleDto): Promise<{ applied: boolean; account: ReturnType<AdminService['present']> }> {
    const expires = this.expiry(dto.role, dto.accessExpiresAt);
    const approval = needsSecondApproval(dto.role);
    const account = await this.change(actor, userId, approval ? 'user.role_requested' : 'user.role_changed', async (em, current) => {
      if (current.pendingGrant) throw new ConflictException('A role for this account is already waiting for approval');
      if (approval) {
        await this.accounts.insertGrant(em, { userId, role: dto.role, kind: 'role_change', accessExpiresAt: expires, requestedByUserId: actor.userId! });
      } else {
        await this.accounts.setRole(em, userId, dto.role, expires);
        await this.accounts.endTokens(em, userId);
      }
      return { role: dto.role, from: current.role };
    });
    return { applied: !approval, account };
  }

  listPendingGrants() {
    return this.uow.run(async (em) => ({ items: (await this.accounts.listPendingGrants(em)).map((g) => this.presentGrant(g)) }));
  }

  /**
   * The second administrator's approval: never the one who asked, never the account holder. The
   * role takes effect, earlier tokens end, and a new account is e-mailed its activation link.
   */
  approveGrant(actor: Actor, grantId: string) {
    return this.decide(actor, grantId, 'approved', async (em, grant, account) => {
      await this.accounts.setRole(em, grant.userId, grant.role, grant.accessExpiresAt);
      await this.accounts.endTokens(em, grant.userId);
      if (grant.kind === 'new_account') {
        await this.accounts.setActive(em, grant.userId, true);
        if (!account.passwordSet) await this.links.issue(em, grant.userId, 'activation');
      }
    });
  }

  rejectGrant(actor: Actor, grantId: string) {
    return this.decide(actor, grantId, 'rejected', async () => undefined);
  }

  private async decide(actor: Actor, grantId: string, status: 'approved' | 'rejected', apply: (em: EntityManager, grant: RoleGrant, account: AccountView) => Promise<void>) {
    const decided = await this.uow.run(async (em) => {
      const grant = await this.accounts.findGrant(em, grantId, true);
      if (!grant) throw new NotFoundException('No role grant has this id');
      if (grant.status !== 'pending') throw new ConflictException(`This role grant was already ${grant.status}`);
      if (grant.requestedByUserId === actor.userId || grant.userId === actor.userId) {
        throw new ForbiddenException('A second administrator must decide: not the one who asked, nor the account holder');
      }
      const account = await this.accounts.findAccount(em, grant.userId, true);
      if (!account) throw new NotFoundException('No role grant has this id');
      await apply(em, grant, account);
      await this.accounts.decideGrant(em, grantId, status, actor.userId!, this.now());
      await this.audit.record(em, actor, {
        action: `user.role_${status}`, entityType: 'app_user', entityId: grant.userId, summary: { roleGrantId: grant.id, role: grant.role, kind: grant.kind, requestedBy: grant.requestedByUserId },
      });
      return { grant: this.presentGrant({ ...grant, status, decidedByUserId: actor.userId, decidedAt: this.now() }), account: await this.view(em, grant.userId) };
    });
    // Committed: the access guard reads the account again on its next request (role, token version).
    this.accountCache.forget(decided.account.id);
    return decided;
  }

  private async change(actor: Actor, userId: string, action: string, work: (em: EntityManager, account: AccountView) => Promise<unknown>) {
    const changed = await this.uow.run(async (em) => {
      const account = await this.accounts.findAccount(em, userId, true);
      if (!account) throw new NotFoundException('No account has this id');
      const summary = await work(em, account);
      await this.audit.record(em, actor, { action, entityType: 'app_user', entityId: userId, summary: (summary as Record<string, unknown>) ?? {} });
      return this.view(em, userId);
    });
    // Committed: the access guard reads the account again on its next request (deactivation, role, token version).
    this.accountCache.forget(userId);
    return changed;
  }

  private expiry(role: Role, accessExpiresAt: string | undefined): Date | null {
    const expires = accessExpiresAt ? new Date(accessExpiresAt) : null;
    if (role === 'auditor' && (!expires || expires <= this.now())) {
      throw new RuleViolationException('Auditor access must end at a future date', [
        { field: 'accessExpiresAt', rule: 'SEC-4.auditor-expiry', message: 'An auditor needs a future accessExpiresAt' },
      ]);
    }
    return expires;
  }

  private async view(em: EntityManager, userId: string) {
    const account = await this.accounts.findAccount(em, userId);
    if (!account) throw new NotFoundException('No account has this id');
    return this.present(account);
  }

  private present(a: AccountView) {
    const locked = a.lockedUntil !== null && new Date(a.lockedUntil) > this.now();
    const status: AccountStatus = a.pendingGrant?.kind === 'new_account' ? 'pending_approval' : !a.active ? 'deactivated' : locked ? 'locked' : a.passwordSet ? 'active' : 'invited';
    return {
      id: a.id, email: a.email, name: a.name, role: a.role, agencyId: a.agencyId, status, active: a.active, lockedUntil: locked ? a.lockedUntil : null,
      accessExpiresAt: a.accessExpiresAt, pendingRoleGrant: a.pendingGrant, createdAt: a.createdAt,
    };
  }

  private presentGrant(g: Pick<RoleGrant, 'id' | 'userId' | 'role' | 'kind' | 'status' | 'requestedByUserId' | 'requestedAt' | 'decidedByUserId' | 'decidedAt' | 'accessExpiresAt'>) {
    return {
      id: g.id, userId: g.userId, role: g.role, kind: g.kind, status: g.status, accessExpiresAt: g.accessExpiresAt,
      requestedByUserId: g.requestedByUserId, requestedAt: g.requestedAt, decidedByUserId: g.decidedByUserId, decidedAt: g.decidedAt,
    };
  }
}
