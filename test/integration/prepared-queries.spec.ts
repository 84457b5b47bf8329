import { AddressInfo, connect, createServer, Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { preparedQueries, preparedQuery } from '../../src/database/prepared-query';
import { waitFor } from '../utils/test-app';
import { TEST_DATABASE_URL } from '../utils/test-env';

/** Several prepared statements in one round trip (src/database/prepared-query.ts, preparedQueries): the answers of one-by-one execution, in order. */
describe('preparedQueries', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, poolSize: 2 });
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  const SERIES = `SELECT g AS n, $1::text || g AS label, ($2::date + g) AS day, ARRAY[g, g * 2] AS pair, NULLIF(g % 2, 1) AS even FROM generate_series(1, $3::int) g`;
  const COUNT = `SELECT count(*)::int AS n, $1::text[] AS names FROM generate_series(1, $2::int)`;
  const statements = [
    { text: SERIES, values: ['a', '2024-02-28', 3] },
    { text: COUNT, values: [['Zoë', 'O\'Brien', null], 5] },
    { text: SERIES, values: ['b', '2024-12-31', 0] },
    { text: SERIES, values: ['c', '2023-01-01', 2] },
    { text: COUNT, values: [[], 0] },
  ];

  it('answers as the statements run one by one would, in the order asked, whether or not the connection has parsed them', async () => {
    const runner = ds.createQueryRunner();
    try {
      const oneByOne = [];
      for (const s of statements) oneByOne.push(await preparedQuery(runner.manager, s.text, s.values));
      const fresh = ds.createQueryRunner(); // a connection that has parsed neither statement yet
      try {
        await fresh.startTransaction();
        expect(await preparedQueries(fresh.manager, statements)).toEqual(oneByOne);
        expect(await preparedQueries(fresh.manager, statements)).toEqual(oneByOne); // now all in one round trip
        await fresh.commitTransaction();
      } finally {
        await fresh.release();
      }
      expect(await preparedQueries(ds, statements)).toEqual(oneByOne); // the pool's connection, given back
      expect(oneByOne[0]).toEqual([
        { n: 1, label: 'a1', day: expect.any(Date), pair: [1, 2], even: null },
        { n: 2, label: 'a2', day: expect.any(Date), pair: [2, 4], even: 0 },
        { n: 3, label: 'a3', day: expect.any(Date), pair: [3, 6], even: null },
      ]);
      expect(oneByOne[1]).toEqual([{ n: 5, names: ['Zoë', "O'Brien", null] }]);
      expect(oneByOne[2]).toEqual([]);
    } finally {
      await runner.release();
    }
  });

  it('rejects with the server\'s error when one statement fails; the connection then rolls back and goes on', async () => {
    const runner = ds.createQueryRunner();
    try {
      await preparedQueries(runner.manager, statements); // parsed on this connection
      await runner.startTransaction();
      const failing = [statements[0], { text: SERIES, values: ['x', 'not a date', 1] }, statements[3]];
      await expect(preparedQueries(runner.manager, failing)).rejects.toThrow('invalid input syntax for type date');
      await expect(runner.query('SELECT 1')).rejects.toThrow('current transaction is aborted');
      await runner.rollbackTransaction();
      const [again] = await preparedQueries(runner.manager, [statements[3], statements[4]]);
      expect(again.map((r: { label: string }) => r.label)).toEqual(['c1', 'c2']);
    } finally {
      await runner.release();
    }
  });

  it('answers a statement that returns no rows (a write without RETURNING) with none, and runs writes in the order asked', async () => {
    const runner = ds.createQueryRunner();
    try {
      await runner.query('CREATE TEMP TABLE piped (n int)');
      const insert = { text: 'INSERT INTO piped (n) SELECT $1::int', values: [1] };
      const read = { text: 'SELECT array_agg(n ORDER BY n) AS ns FROM piped WHERE n <= $1::int', values: [10] };
      await preparedQueries(runner.manager, [insert, read]); // parsed on this connection
      const answers = await preparedQueries(runner.manager, [{ ...insert, values: [2] }, read, { ...insert, values: [3] }, read]);
      expect(answers).toEqual([[], [{ ns: [1, 2] }], [], [{ ns: [1, 2, 3] }]]);
    } finally {
      await runner.query('DROP TABLE IF EXISTS piped');
      await runner.release();
    }
  });

  it('parses in the same round trip: a statement parsed before a failure is not parsed again, one skipped after it is parsed next time', async () => {
    const runner = ds.createQueryRunner(); // a connection that has parsed none of these yet
    try {
      const a = { text: `${SERIES} -- a`, values: ['a', '2024-01-01', 2] };
      const b = { text: `${SERIES} -- b`, values: ['b', 'not a date', 2] };
      const c = { text: `${SERIES} -- c`, values: ['c', '2024-01-01', 1] };
      await expect(preparedQueries(runner.manager, [a, b, c])).rejects.toThrow('invalid input syntax for type date');
      const [again, third] = await preparedQueries(runner.manager, [a, c]);
      expect(again.map((r: { label: string }) => r.label)).toEqual(['a1', 'a2']);
      expect(third.map((r: { label: string }) => r.label)).toEqual(['c1']);
      expect(await preparedQuery(runner.manager, b.text, ['b', '2024-01-01', 1])).toHaveLength(1);
      expect(await preparedQueries(runner.manager, [a, b, c].map((s) => ({ ...s, values: [s.values[0], '2024-01-01', 1] })))).toEqual([
        [expect.objectContaining({ label: 'a1' })], [expect.objectContaining({ label: 'b1' })], [expect.objectContaining({ label: 'c1' })],
      ]);
    } finally {
      await runner.release();
    }
  });

  it('outside a transaction, the statements commit together or not at all', async () => {
    const runner = ds.createQueryRunner();
    try {
      await runner.query('CREATE TEMP TABLE piped_once (n int)');
      const insert = (n: unknown) => ({ text: 'INSERT INTO piped_once (n) SELECT $1::int', values: [n] });
      await expect(preparedQueries(runner.manager, [insert(1), insert(2), insert('three')])).rejects.toThrow('invalid input syntax for type integer');
      expect(await runner.query('SELECT n FROM piped_once')).toEqual([]);
      await preparedQueries(runner.manager, [insert(1), insert(2)]);
      expect(await runner.query('SELECT n FROM piped_once ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await runner.query('DROP TABLE IF EXISTS piped_once');
      await runner.release();
    }
  });

  it('a connection lost mid-pipeline fails the pipeline, and the pool goes on with a new connection', async () => {
    // A proxy on loopback whose sockets can be cut, as a network or a failover cuts them: no word from the server.
    const target = new URL(TEST_DATABASE_URL);
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String((proxy.address() as AddressInfo).port);
    const cut = new DataSource({ type: 'postgres', url: viaProxy.toString(), poolSize: 2 });
    await cut.initialize();
    try {
      const slow = { text: 'SELECT pg_sleep($1::float8) AS slept -- cut', values: [5] };
      const pipeline = preparedQueries(cut, [slow, statements[3]]);
      await waitFor(async () => (await ds.query(`SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%-- cut' AND state = 'active'`)).length, 5_000, 'the pipeline running');
      for (const s of sockets) s.destroy();
      await expect(pipeline).rejects.toThrow('Connection terminated unexpectedly');
      expect((await preparedQueries(cut, [statements[3], statements[4]]))[0]).toHaveLength(2);
    } finally {
      await cut.destroy();
      for (const s of sockets) s.destroy();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('outside a transaction, a failure rejects and the pool\'s connections go on answering', async () => {
    await preparedQueries(ds, statements);
    await preparedQueries(ds, statements);
    await expect(preparedQueries(ds, [statements[0], { text: COUNT, values: [['a'], 'many'] }, statements[3]])).rejects.toThrow('invalid input syntax for type integer');
    for (let i = 0; i < 3; i++) expect((await preparedQueries(ds, [statements[3], statements[4]]))[0]).toHaveLength(2);
  });
});
