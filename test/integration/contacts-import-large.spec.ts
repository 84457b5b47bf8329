import { DataSource } from 'typeorm';
import type { RuleBreak } from '../../src/common/errors';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { loadCinCodeLists } from '../../src/modules/contacts/code-lists.provider';
import { ContactImportRepository } from '../../src/modules/contacts/persistence/contact-import.repository';
import { ReferenceSequences } from '../../src/modules/contacts/persistence/reference-sequence.repository';
import { ContactImportService, ImportOptions } from '../../src/modules/contacts/use-cases/contact-import.service';
import { tag } from '../factories/contact-bodies';
import { TEST_DATABASE_URL } from '../utils/test-env';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The legacy import (npm run import, SPEC PERF-6) on files of thousands of lines, several batches
 * each: a refused line deep in the file is reported by its number with the field and rule at fault
 * and nothing of it is written, whichever batch it falls in; an import cut off part way (the file
 * unreadable, the process stopped) and run again imports every line once, each with all its parts,
 * as do two imports of one file run at the same moment.
 */
describe('Legacy import of a large file (SPEC PERF-6)', () => {
  let ds: DataSource;
  beforeAll(async () => (ds = await new DataSource(dataSourceOptions(TEST_DATABASE_URL, { poolSize: 4 })).initialize()));
  afterAll(async () => {
    // Thousands of unlinked historical contacts would hold up the worker's history linker (oldest first) in the tests after these.
    await ds.query(`DELETE FROM contact WHERE idempotency_scope = 'import:legacy-large'`);
    await ds.destroy();
  });

  const importer = () => new ContactImportService(new ContactImportRepository(ds), new ReferenceSequences(ds), loadCinCodeLists(process.env.CONFIG_DIR ?? 'config'), () => new Date());

  /** A historical contact, line `i` of a file: one or two children, a mother, one or two concerns, some evidence. */
  function line(t: string, i: number): Record<string, unknown> {
    const received = Date.now() - (400 + (i % 700)) * DAY;
    const children = [{ firstName: `Ada${t}`, lastName: `Line${i}`, dateOfBirth: isoDay(received - 6 * 365 * DAY), sex: 'F' }];
    if (i % 3 === 0) children.push({ firstName: `Bo${t}`, lastName: `Line${i}`, dateOfBirth: isoDay(received - 2 * 365 * DAY), sex: 'M' });
    return {
      legacyReference: `BIG-${t}-${i}`, receivedAt: new Date(received).toISOString(), channel: 'professional', referrerType: i % 7 === 0 ? 'police' : 'professional',
      referrer: { name: 'A Teacher', organisation: 'Riverside Primary School' },
      subjects: children,
      household: [{ firstName: `Cat${t}`, lastName: `Line${i}`, relationship: 'mother', resident: true }],
      concerns: [{ category: 'neglect_indicator', description: 'Often hungry at school' }, ...(i % 2 ? [{ category: 'injury', cinFactorCode: '18C', description: 'A bruise on the arm' }] : [])],
      evidence: i % 4 === 0 ? [{ type: 'photo', heldBy: 'school' }] : [],
    };
  }

  async function* linesOf(lines: string[], failAfter?: number) {
    for (const [n, l] of lines.entries()) {
      if (n === failAfter) throw new Error('the file could not be read further');
      yield l;
    }
  }

  async function run(lines: string[], options: Partial<ImportOptions> & { failAfter?: number } = {}) {
    const refused: { line: number; details: RuleBreak[] }[] = [];
    const report = await importer().run(linesOf(lines, options.failAfter), { system: 'legacy-large', onRejected: (n, details) => refused.push({ line: n, details }), ...options });
    return { report, refused };
  }

  const stored = async (t: string) => {
    const [row] = await ds.query(
      `SELECT count(*)::int AS contacts, count(DISTINCT c.idempotency_key)::int AS keys,
              (SELECT count(*)::int FROM contact_subject s JOIN contact c2 ON c2.id = s.contact_id WHERE c2.idempotency_key LIKE $1) AS subjects,
              (SELECT count(*)::int FROM contact_concern k JOIN contact c2 ON c2.id = k.contact_id WHERE c2.idempotency_key LIKE $1) AS concerns,
              (SELECT count(*)::int FROM audit_event a JOIN contact c2 ON c2.id::text = a.entity_id WHERE c2.idempotency_key LIKE $1 AND a.action = 'contact.imported') AS audited
         FROM contact c WHERE c.idempotency_scope = 'import:legacy-large' AND c.idempotency_key LIKE $1`,
      [`BIG-${t}-%`],
    );
    return row as { contacts: number; keys: number; subjects: number; concerns: number; audited: number };
  };
  /** What the file's good lines hold, counted from the lines themselves. */
  const expected = (bodies: Record<string, unknown>[]) => ({
    contacts: bodies.length, keys: bodies.length, audited: bodies.length,
    subjects: bodies.reduce((n, b) => n + (b.subjects as unknown[]).length, 0),
    concerns: bodies.reduce((n, b) => n + (b.concerns as unknown[]).length, 0),
  });

  it('reports a bad line in the middle of a big file by number, field and rule, and writes everything else', async () => {
    const t = tag();
    const bodies = Array.from({ length: 2600 }, (_, i) => line(t, i));
    const lines = bodies.map((b) => JSON.stringify(b));
    lines[1233] = JSON.stringify({ ...bodies[1233], subjects: [{ ...(bodies[1233].subjects as object[])[0], nhsNumber: '1234567890' }] });
    lines[1800] = JSON.stringify({ ...bodies[1800], household: [{ firstName: 'Cat', relationship: 'aunt' }] });
    lines[2500] = JSON.stringify({ ...bodies[2500], concerns: [{ category: 'injury', description: 'x'.repeat(10_001) }] });
    lines[2501] = lines[2501].slice(0, -1); // cut short: not JSON

    // Two checking threads whatever the machine's default, so batches can come back out of order.
    const { report, refused } = await run(lines, { threads: 2 });

    expect(refused.map((r) => [r.line, r.details.map((d) => `${d.field}:${d.rule}`)])).toEqual([
      [1234, ['subjects[0].nhsNumber:INT-3.nhs-number']],
      [1801, ['household[0].relationship:isIn']],
      [2501, ['concerns[0].description:maxLength']],
      [2502, ['(line):json']],
    ]);
    expect(report).toEqual({ read: 2600, imported: 2596, alreadyImported: 0, changedSinceImported: 0, rejected: 4 });
    const good = bodies.filter((_, i) => ![1233, 1800, 2500, 2501].includes(i));
    expect(await stored(t)).toEqual(expected(good));
    const [{ bad }] = await ds.query(`SELECT count(*)::int AS bad FROM contact WHERE idempotency_key = ANY($1)`, [[1233, 1800, 2500, 2501].map((i) => `BIG-${t}-${i}`)]);
    expect(bad).toBe(0);
  });

  it('run again after being cut off part way, imports the rest and nothing twice', async () => {
    const t = tag();
    const bodies = Array.from({ length: 3100 }, (_, i) => line(t, i));
    const lines = bodies.map((b) => JSON.stringify(b));

    await expect(run(lines, { failAfter: 2345 })).rejects.toThrow('the file could not be read further');
    const first = await stored(t);
    // Whatever was written before the run stopped is whole contacts: every part of each, and its audit event.
    const keys: string[] = (await ds.query(`SELECT idempotency_key AS k FROM contact WHERE idempotency_scope = 'import:legacy-large' AND idempotency_key LIKE $1`, [`BIG-${t}-%`])).map((r: { k: string }) => r.k);
    expect(keys.every((k) => Number(k.split('-').pop()) < 2345)).toBe(true);
    expect(first).toEqual(expected(bodies.filter((b) => keys.includes(b.legacyReference as string))));

    const { report } = await run(lines);
    expect(report).toEqual({ read: 3100, imported: 3100 - first.contacts, alreadyImported: first.contacts, changedSinceImported: 0, rejected: 0 });
    expect(await stored(t)).toEqual(expected(bodies));
  });

  it('two imports of the same file at the same moment import each line once between them', async () => {
    const t = tag();
    const bodies = Array.from({ length: 2000 }, (_, i) => line(t, i));
    const lines = bodies.map((b) => JSON.stringify(b));

    const [a, b] = await Promise.all([run(lines, { batchSize: 250 }), run([...lines].reverse(), { batchSize: 250 })]);

    expect(a.report.imported + b.report.imported).toBe(2000);
    expect(a.report.alreadyImported + b.report.alreadyImported).toBe(2000);
    expect(a.report.changedSinceImported + b.report.changedSinceImported).toBe(0);
    expect(await stored(t)).toEqual(expected(bodies));
  });
});

