import { NotFoundException } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Agency } from '../../auth/persistence/agency.entity';
import { AppUser } from '../../auth/persistence/app-user.entity';
import { StrategyDiscussion } from './persistence/strategy-discussion.entity';
import { StrategyInvitee } from './persistence/strategy-invitee.entity';

/** Small shared reads of the strategy use cases. */

export async function lockDiscussion(em: EntityManager, id: string): Promise<StrategyDiscussion> {
  const row = await em.findOne(StrategyDiscussion, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!row) throw new NotFoundException('No such strategy discussion');
  return row;
}

export async function agenciesById(em: EntityManager, ids: string[]): Promise<Map<string, Agency>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await em.find(Agency, { where: { id: In(unique) } });
  return new Map(rows.map((a) => [a.id, a]));
}

export async function usersById(em: EntityManager, ids: (string | null)[]): Promise<Map<string, AppUser>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (!unique.length) return new Map();
  const rows = await em.find(AppUser, { where: { id: In(unique) } });
  return new Map(rows.map((u) => [u.id, u]));
}

export function inviteesOf(em: EntityManager, discussionId: string): Promise<StrategyInvitee[]> {
  return em.find(StrategyInvitee, { where: { discussionId }, order: { createdAt: 'ASC', id: 'ASC' } });
}
