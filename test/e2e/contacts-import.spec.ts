import type { INestApplicationContext } from '@nestjs/common';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import type { RuleBreak } from '../../src/common/errors';
import { loadCinCodeLists } from '../../src/modules/contacts/code-lists.provider';
import { ReferenceSequences } from '../../src/modules/contacts/persistence/reference-sequence.repository';
import { ContactImportRepository } from '../../src/modules/contacts/persistence/contact-import.repository';
import { ContactImportService, ImportOptions } from '../../src/modules/contacts/use-cases/contact-import.service';
import { tag } from '../factories/contact-bodies';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Importing history from a legacy system (`npm run import`, SPEC PERF-6): every line checked as the
 * intake API checks a contact, refused lines reported by number and written nowhere, the rest stored
 * as `historical` contacts that never enter the triage queue, an import run twice imports nothing
 * twice, and the worker's history-linking sweep links their children to the person index so their
 * history counts when the child is referred again.
 */
describe('Legacy import of historical contacts (SPEC PERF-6)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  async function runImport(lines: string[], options: Partial<ImportOptions> = {}) {
    const importer = new ContactImportService(new ContactImportRepository(ds), new ReferenceSequences(ds), loadCinCodeLists(process.env.CONFIG_DIR ?? 'config'), () => new Date());
    const refused: { line: number; details: RuleBreak[] }[] = [];
    const report = await importer.run(createInterface({ input: Readable.from(lines.join('\n')) }), {
      system: 'legacy-test', batchSize: 2, onRejected: (line, details) => refused.push({ line, details }), ...options,
    });
    return { report, refused };
  }

  const count = async (sql: string, params: unknown[] = []) => (await ds.query(sql, params))[0].n as number;

  it('imports good lines, refuses bad ones by number without writing them, never imports a line twice, and links the history', async () => {
    const t = tag();
    const now = Date.now();
    const child = { firstName: `Harriet${t}`, lastName: `Oakworth${t}`, dateOfBirth: isoDay(now - 9 * 365 * DAY), sex: 'F', address: { line1: '3 Mill Lane', postcode: 'NE6 1AB', type: 'permanent' } };
    const historical = (ref: string, daysAgo: number, extra: Record<string, unknown> = {}) => ({
      legacyReference: `${ref}-${t}`, receivedAt: new Date(now - daysAgo * DAY).toISOString(), channel: 'professional', referrerType: 'professional',
      referrer: { name: 'A Teacher', organisation: 'Riverside Primary School' },
      subjects: [child], household: [{ firstName: `Mary${t}`, lastName: `Oakworth${t}`, relationship: 'mother', resident: true, parentalResponsibility: 'yes' }],
      concerns: [{ category: 'neglect_indicator', description: 'Often hungry at school', incidentDate: isoDay(now - (daysAgo + 2) * DAY) }],
      ...extra,
    });
    const before = await count('SELECT count(*)::int AS n FROM contact');
    const lines = [
      JSON.stringify(historical('L1', 200)),
      '{ not json',
      JSON.stringify({ ...historical('L3', 150), shoeSize: 9 }),
      JSON.stringify(historical('L4', 120, { subjects: [{ ...child, dateOfBirth: isoDay(now - 19 * 365 * DAY) }] })),
      JSON.stringify(historical('L5', -3)),
      JSON.stringify({ ...historical('L6', 90), receivedAt: undefined }),
      '',
      JSON.stringify(historical('L1', 200)), // the same legacy contact twice in one file
      JSON.stringify(historical('L8', 100)),
    ];
    const { report, refused } = await runImport(lines);

    expect(report).toEqual({ read: 8, imported: 2, alreadyImported: 1, changedSinceImported: 0, rejected: 5 });
    expect(refused.map((r) => [r.line, r.details.map((d) => `${d.field}:${d.rule}`)])).toEqual([
      [2, ['(line):json']],
      [3, ['shoeSize:unknownProperty']],
      [4, ['subjects[0].dateOfBirth:INT-3.adult-subject']],
      [5, ['receivedAt:notInFuture']],
      [6, ['receivedAt:instant']],
    ]);
    expect(await count('SELECT count(*)::int AS n FROM contact')).toBe(before + 2);

    const rows: { id: string; reference: string; status: string; received_at: Date }[] = await ds.query(
      `SELECT id, reference, status, received_at FROM contact WHERE idempotency_scope = 'import:legacy-test' AND idempotency_key = ANY($1) ORDER BY received_at`,
      [[`L1-${t}`, `L8-${t}`]],
    );
    expect(rows.map((r) => r.status)).toEqual(['historical', 'historical']);
    // Numbered in the year each was received, as intake numbers new contacts.
    rows.forEach((r) => expect(r.reference).toMatch(new RegExp(`^MASH-${new Date(r.received_at).getUTCFullYear()}-\\d{6}$`)));
    const ids = rows.map((r) => r.id);
    expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'contact.imported' AND entity_id = ANY($1)`, [ids])).toBe(2);

    // Run again, with one line since corrected in the legacy system: nothing new, and the change is told.
    const corrected = lines.map((l, i) => (i === 8 ? JSON.stringify(historical('L8', 100, { referrer: { name: 'A Teacher', organisation: 'Hillside Academy' } })) : l));
    const again = await runImport(corrected);
    expect(again.report).toMatchObject({ imported: 0, alreadyImported: 3, changedSinceImported: 1, rejected: 5 });
    expect(await count('SELECT count(*)::int AS n FROM contact')).toBe(before + 2);

    // Never in the triage queue, and not for triage.
    const queue = await api.http.get('/api/v1/triage/queue').query({ limit: 200 }).set('Authorization', await auth('mash_worker'));
    expect(queue.body.items.map((i: { id: string }) => i.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    const assign = await api.http.post(`/api/v1/contacts/${ids[0]}/assign`).set('Authorization', await auth('mash_worker')).send({});
    expect(assign.status).toBe(409);

    // The worker links the history: both contacts to one child, whose history a worker can read.
    const personOf = async (contactId: string) => (await ds.query('SELECT person_id FROM contact_subject WHERE contact_id = $1', [contactId]))[0]?.person_id as string | null;
    const personId = await waitFor(async () => {
      const [a, b] = [await personOf(ids[0]), await personOf(ids[1])];
      return a && a === b ? a : undefined;
    }, 30_000, 'the imported contacts linked to one child');
    const history = await api.http.get(`/api/v1/people/${personId}/history`).set('Authorization', await auth('mash_worker'));
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain(rows[0].reference);
    expect(JSON.stringify(history.body)).toContain(rows[1].reference);

    // Referred again now: the two historical contacts make three in twelve months (PPL-4).
    const live = await api.http
      .post('/api/v1/contacts')
      .set('Authorization', await auth('referrer'))
      .send({ channel: 'professional', subjects: [child], concerns: [{ category: 'neglect_indicator', description: 'Still hungry at school' }] });
    expect(live.status).toBe(201);
    const view = await waitFor(async () => {
      const res = await api.http.get(`/api/v1/contacts/${live.body.id}/triage`).set('Authorization', await auth('mash_worker'));
      return res.status === 200 && res.body.subjects[0].grade ? res.body : undefined;
    }, 30_000, 'the new contact graded');
    const flag = view.subjects[0].flags.find((f: { ruleId: string }) => f.ruleId === 'PPL-4.repeat-contacts');
    expect(flag?.causingContactIds).toEqual(expect.arrayContaining(ids));
  });

  it('INT-4: every child in the household when the contact was received is one of its children, as intake lists them', async () => {
    const t = tag();
    const received = Date.now() - 2 * 365 * DAY;
    // 17 on the day the contact was received, 19 now: a child of that contact all the same.
    const seventeenThen = isoDay(received - 17 * 365 * DAY + 30 * DAY);
    const line = {
      legacyReference: `HH-${t}`, receivedAt: new Date(received).toISOString(), channel: 'professional', referrerType: 'professional',
      subjects: [{ firstName: `Ivy${t}`, lastName: `Hearth${t}`, dateOfBirth: isoDay(received - 6 * 365 * DAY), sex: 'F' }],
      household: [
        { firstName: `Rose${t}`, lastName: `Hearth${t}`, relationship: 'mother', resident: true, parentalResponsibility: 'yes' },
        { firstName: `Tom${t}`, lastName: `Hearth${t}`, relationship: 'sibling', dateOfBirth: seventeenThen, sex: 'M', resident: true },
        { firstName: `Ada${t}`, lastName: `Hearth${t}`, relationship: 'sibling', dateOfBirth: isoDay(received - 20 * 365 * DAY), resident: true },
        { firstName: `Bea${t}`, lastName: `Hearth${t}`, relationship: 'half_sibling', resident: true },
        { firstName: `Kit${t}`, lastName: `Hearth${t}`, relationship: 'sibling', dateOfBirth: isoDay(received - 3 * 365 * DAY), resident: false },
      ],
      concerns: [{ category: 'home_conditions', description: 'The house is cold and there is little food' }],
    };
    const { report } = await runImport([JSON.stringify(line)]);
    expect(report).toMatchObject({ imported: 1, rejected: 0 });
    const [{ id }] = await ds.query(`SELECT id FROM contact WHERE idempotency_scope = 'import:legacy-test' AND idempotency_key = $1`, [`HH-${t}`]);

    const res = await api.http.get(`/api/v1/contacts/${id}`).set('Authorization', await auth('mash_worker'));
    expect(res.status).toBe(200);
    const household = res.body.household as { id: string; firstName: string }[];
    const memberId = (name: string) => household.find((m) => m.firstName === `${name}${t}`)!.id;
    // The named child first, then the household's children: the 17-year-old and the half-sibling with no date of birth;
    // not the adult sibling, and not the sibling who did not live there.
    expect(res.body.subjects.map((s: { firstName: string; householdMemberId: string | null }) => [s.firstName, s.householdMemberId])).toEqual([
      [`Ivy${t}`, null],
      [`Tom${t}`, memberId('Tom')],
      [`Bea${t}`, memberId('Bea')],
    ]);
  });
});
