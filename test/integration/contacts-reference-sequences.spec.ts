import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ReferenceSequences } from '../../src/modules/contacts/persistence/reference-sequence.repository';
import { TEST_DATABASE_URL } from '../utils/test-env';

/** SPEC INT-7: a year without a sequence (after the migration's 2026-2035) gets one on first use, safely. */
describe('Reference sequences per year', () => {
  let ds: DataSource;
  beforeAll(async () => (ds = await new DataSource(dataSourceOptions(TEST_DATABASE_URL, { poolSize: 4 })).initialize()));
  afterAll(async () => {
    await ds.query('DROP SEQUENCE IF EXISTS contact_reference_2099');
    await ds.destroy();
  });

  it('the migration made the coming years', async () => {
    const [row] = await ds.query(`SELECT to_regclass('contact_reference_2026') IS NOT NULL AS y2026, to_regclass('contact_reference_2035') IS NOT NULL AS y2035`);
    expect(row).toEqual({ y2026: true, y2035: true });
  });

  it('a later year is created once, even by several processes at the same moment, and numbers from 1', async () => {
    await ds.query('DROP SEQUENCE IF EXISTS contact_reference_2099');
    const names = await Promise.all(Array.from({ length: 4 }, () => new ReferenceSequences(ds).ensure(2099)));
    expect(new Set(names)).toEqual(new Set(['contact_reference_2099']));
    const [{ n }] = await ds.query(`SELECT nextval('contact_reference_2099')::int AS n`);
    expect(n).toBe(1);
  });
});
