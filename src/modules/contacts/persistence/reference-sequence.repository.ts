import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { referenceSequenceName } from '../domain/reference';

/**
 * One Postgres sequence per year numbers the references (SPEC INT-7). The migration creates the
 * coming years; a missing year is created here, outside any business transaction, once per process.
 */
@Injectable()
export class ReferenceSequences {
  /** Each year's sequence, made or being made: callers at the same moment (the import's two writers) share one CREATE. */
  private readonly ready = new Map<number, Promise<string>>();

  constructor(private readonly dataSource: DataSource) {}

  ensure(year: number): Promise<string> {
    let made = this.ready.get(year);
    if (!made) {
      made = this.make(year);
      made.catch(() => this.ready.delete(year)); // tried again by the next caller
      this.ready.set(year, made);
    }
    return made;
  }

  private async make(year: number): Promise<string> {
    const name = referenceSequenceName(year);
    const [{ found }] = await this.dataSource.query('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
    if (!found) {
      try {
        await this.dataSource.query(`CREATE SEQUENCE IF NOT EXISTS ${name} AS bigint MINVALUE 1`);
      } catch (error) {
        // Two processes creating the same sequence at once: the loser sees a duplicate in the catalogue.
        const code = (error as { code?: string }).code;
        if (code !== '23505' && code !== '42P07') throw error;
      }
    }
    return name;
  }
}
