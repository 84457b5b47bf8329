import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Agency types by id, cached: an agency's type never changes, and intake should not read it on every request. */
@Injectable()
export class AgencyTypes {
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly dataSource: DataSource) {}

  async typeOf(agencyId: string | null): Promise<string | null> {
    if (!agencyId) return null;
    if (this.cache.has(agencyId)) return this.cache.get(agencyId)!;
    const [row] = await this.dataSource.query('SELECT type FROM agency WHERE id = $1', [agencyId]);
    const type: string | null = row?.type ?? null;
    this.cache.set(agencyId, type);
    return type;
  }
}
