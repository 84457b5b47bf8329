import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Agency } from '../../../auth/persistence/agency.entity';
import { AppUser } from '../../../auth/persistence/app-user.entity';

export interface AgencyOption {
  id: string;
  name: string;
  type: string;
}

export interface PersonOption {
  id: string;
  name: string;
}

/**
 * Names the case pages show in choices and lists: agencies (for checks, invitations, step-downs) and
 * MASH staff (chairs, reassignment). Reads only what a MASH worker already sees in the JSON API's
 * answers (ids), turned into names.
 */
@Injectable()
export class DirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  agencies(): Promise<AgencyOption[]> {
    return this.dataSource.manager.find(Agency, { select: { id: true, name: true, type: true }, order: { name: 'ASC' } });
  }

  mashStaff(): Promise<PersonOption[]> {
    return this.dataSource.manager.find(AppUser, { where: { active: true, role: In(['mash_worker', 'mash_manager']) }, select: { id: true, name: true }, order: { name: 'ASC' } });
  }

  async namesOf(userIds: (string | null | undefined)[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds.filter((x): x is string => !!x))];
    if (!ids.length) return new Map();
    const users = await this.dataSource.manager.find(AppUser, { where: { id: In(ids) }, select: { id: true, name: true } });
    return new Map(users.map((u) => [u.id, u.name]));
  }
}
