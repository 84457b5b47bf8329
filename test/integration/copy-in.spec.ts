import { Pool } from 'pg';
import { copyIn, copyRow } from '../../src/database/copy-in';
import { TEST_DATABASE_URL } from '../utils/test-env';

/** COPY FROM STDIN through the pg client (src/database/copy-in.ts): every value arrives as it was sent, and a refused row refuses the COPY. */
describe('copyIn and copyRow', () => {
  let pool: Pool;
  beforeAll(() => (pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 })));
  afterAll(() => pool.end());

  const COLUMNS = ['id', 'note', 'names', 'flag', 'n', 'at', 'summary'] as const;
  const create = `CREATE TEMP TABLE copied (id int PRIMARY KEY, note text, names text[], flag boolean, n int, at timestamptz, summary jsonb)`;

  it('writes text with tabs, line breaks, backslashes and quotes, lists, nulls, booleans, numbers, instants and JSON as they were', async () => {
    const rows = [
      { id: 1, note: 'tab\there, line\nbreak, return\r, back\\slash \\N, "quoted", é ✓', names: ['a,b', '{braces}', 'quote"d', 'back\\slash', 'NULL', 'tab\tline\n', ''], flag: true, n: -7, at: '2019-03-04T10:15:00.123Z', summary: { a: 'x\ty\\z', b: [1, null] } },
      { id: 2, note: null, names: [], flag: false, n: 0, at: new Date('2020-02-29T23:59:59Z'), summary: {} },
      { id: 3, note: '', names: null, flag: null, n: null, at: null, summary: null },
    ];
    const client = await pool.connect();
    try {
      await client.query(create);
      const count = await copyIn(client, `COPY copied (${COLUMNS.join(', ')}) FROM STDIN`, [rows.map((r) => copyRow(r, COLUMNS)).join('')]);
      expect(count).toBe(3);
      const { rows: back } = await client.query(`SELECT id, note, names, flag, n, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, summary FROM copied ORDER BY id`);
      expect(back).toEqual([
        { ...rows[0] },
        { ...rows[1], at: '2020-02-29T23:59:59.000Z' },
        { ...rows[2] },
      ]);
    } finally {
      await client.query('DROP TABLE IF EXISTS copied');
      client.release();
    }
  });

  it('rejects with the server error when a row breaks a constraint, and the rows before it are not kept', async () => {
    const client = await pool.connect();
    try {
      await client.query(create);
      await client.query('BEGIN');
      const rows = [{ id: 1 }, { id: 2 }, { id: 1 }].map((r) => copyRow(r, COLUMNS));
      await expect(copyIn(client, `COPY copied (${COLUMNS.join(', ')}) FROM STDIN`, rows)).rejects.toMatchObject({ code: '23505' });
      await client.query('ROLLBACK');
      const { rows: left } = await client.query('SELECT count(*)::int AS n FROM copied');
      expect(left).toEqual([{ n: 0 }]);
      // The connection is usable again afterwards.
      expect(await copyIn(client, `COPY copied (${COLUMNS.join(', ')}) FROM STDIN`, [copyRow({ id: 4 }, COLUMNS)])).toBe(1);
    } finally {
      await client.query('DROP TABLE IF EXISTS copied');
      client.release();
    }
  });
});
