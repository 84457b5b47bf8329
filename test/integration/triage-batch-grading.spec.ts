import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { SlaClockService } from '../../src/modules/calendar/sla-clock.service';
import type { ClockDuration } from '../../src/modules/calendar/domain/clock-duration';
import type { ClockKind } from '../../src/modules/calendar/domain/sla-config';
import { ProvisionalGradingService } from '../../src/modules/triage/provisional-grading.service';
import { OutboxRelayService } from '../../src/queue/outbox-relay.service';
import { GRADING_BATCH_LIMIT, QUEUES } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { dropDatabase, freshDatabase } from '../utils/fresh-database';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';
import { TEST_DATABASE_URL } from '../utils/test-env';
import { testEnvironment } from '../utils/test-secrets';
import { gradingFailsForGood } from '../utils/triage-jobs';
import { simpleContact } from '../factories/contact-bodies';

// The bench's body generator takes its seeded PRNG from the build; the tests run from source.
jest.mock('../../dist/src/common/mulberry32', () => jest.requireActual('../../src/common/mulberry32'), { virtual: true });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ContactStream } = require('../../bench/intake/bodies.js') as { ContactStream: new (seed?: number) => { body(channel: string, at?: number): object } };

const STREAM_LENGTH = 240;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

interface Run {
  api: TestApi;
  worker: INestApplicationContext;
  ds: DataSource;
  contactIds: string[];
}

/**
 * API and worker on a database of their own, with the worker's relay stopped and its triage queue
 * paused: contacts are stored and wait, and the test grades them itself.
 */
async function startOn(url: string, queuePrefix: string): Promise<Run> {
  Object.assign(process.env, testEnvironment(url), { QUEUE_PREFIX: queuePrefix });
  const api = await startApi();
  const worker = await startWorker();
  await worker.get(OutboxRelayService).onApplicationShutdown();
  await worker.get(QueueRegistry).get(QUEUES.triage).pause();
  return { api, worker, ds: api.app.get(DataSource), contactIds: [] };
}

/** The bench's seeded stream of contacts (families, a quarter referred again), posted one after another. */
async function postStream(run: Run, at: number): Promise<void> {
  const stream = new ContactStream(7);
  const token = `Bearer ${await run.api.tokenFor('referrer')}`;
  for (let i = 0; i < STREAM_LENGTH; i++) {
    const res = await run.api.http.post('/api/v1/contacts').set('Authorization', token).send(stream.body('professional', at));
    expect(res.status).toBe(201);
    run.contactIds.push(res.body.id);
  }
}

/**
 * Everything grading and the people step produced, without ids or times: contacts, subjects and
 * household members are named by their place in the stream, a person by the subjects and members
 * linked to it (so persons compare by which subjects share one), and any id inside a value is
 * replaced by its name.
 */
async function outcome(run: Run) {
  const { ds } = run;
  const names = new Map<string, string>();
  run.contactIds.forEach((id, i) => names.set(id, `C${i}`));
  const subjects: { id: string; contact_id: string; position: number; person_id: string | null }[] = await ds.query('SELECT id, contact_id, position, person_id FROM contact_subject WHERE contact_id = ANY($1)', [run.contactIds]);
  const members: typeof subjects = await ds.query('SELECT id, contact_id, position, person_id FROM contact_household_member WHERE contact_id = ANY($1)', [run.contactIds]);
  for (const s of subjects) names.set(s.id, `${names.get(s.contact_id)}.s${s.position}`);
  for (const m of members) names.set(m.id, `${names.get(m.contact_id)}.m${m.position}`);
  const sources = new Map<string, string[]>();
  const linked: { person_id: string; source_id: string }[] = await ds.query(
    `SELECT person_id, source_id FROM person_match WHERE person_id IS NOT NULL
     UNION SELECT person_id, id FROM contact_subject WHERE person_id IS NOT NULL
     UNION SELECT person_id, id FROM contact_household_member WHERE person_id IS NOT NULL`,
  );
  for (const l of linked) (sources.get(l.person_id) ?? sources.set(l.person_id, []).get(l.person_id)!).push(names.get(l.source_id) ?? '?');
  for (const [person, of] of sources) names.set(person, `P[${[...new Set(of)].sort().join(',')}]`);
  const persons: { id: string }[] = await ds.query('SELECT id FROM person');
  for (const p of persons) if (!names.has(p.id)) names.set(p.id, 'P[unlinked]');

  const named = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null).replace(UUID, (id) => names.get(id) ?? 'id?'));
  const rows = async (sql: string, params: unknown[] = []) => (named(await ds.query(sql, params)) as Record<string, unknown>[]).map((r) => JSON.stringify(r)).sort();

  const sla = run.worker.get(SlaClockService);
  const clockRows: { target_id: string; kind: string; duration: ClockDuration; started_at: Date; due_at: Date; received_at: Date }[] = await ds.query(
    `SELECT k.target_id, k.kind, k.duration, k.started_at, k.due_at, c.received_at FROM sla_clock k JOIN contact c ON c.id = k.contact_id WHERE k.contact_id = ANY($1)`,
    [run.contactIds],
  );
  const audit: { action: string; n: number }[] = await ds.query(`SELECT action, count(*)::int AS n FROM audit_event GROUP BY action ORDER BY action`);

  return {
    persons: [...new Set(persons.map((p) => names.get(p.id)))].sort(),
    personDetails: await rows('SELECT id, kind, first_name, last_name, date_of_birth::text, expected_delivery_date::text, sex, nhs_number, postcode, merged_into_id FROM person'),
    personNames: await rows('SELECT person_id, kind, first_name, last_name, source_kind, source_id, contact_id FROM person_name'),
    personAddresses: await rows('SELECT person_id, line1, town, postcode, address_type, source_kind, source_id, contact_id FROM person_address'),
    links: await rows('SELECT source_kind, source_id, contact_id, status, method, person_id, round(score::numeric, 6) AS score, config_version FROM person_match'),
    candidates: await rows('SELECT source_kind, source_id, contact_id, person_id, round(score::numeric, 6) AS score, features, status FROM person_match_candidate'),
    relationships: await rows('SELECT person_id, related_person_id, relationship, parental_responsibility, resident, valid_to IS NULL AS current, source_contact_id FROM person_relationship'),
    personFlags: await rows('SELECT person_id, kind, note, source_kind, source_id, contact_id, ended_at IS NULL AS current FROM person_flag'),
    accumulationFlags: await rows('SELECT subject_id, contact_id, person_id, rule_id, label, threshold, causing_contact_ids, evidence, config_version FROM accumulation_flag'),
    contactGrades: await rows('SELECT t.contact_id, t.grade, t.provisional_grade, t.framework_version, c.status FROM contact_triage t JOIN contact c ON c.id = t.contact_id'),
    subjectGrades: await rows('SELECT contact_id, subject_id, person_id, provisional_grade, grade, fired_rules, flags, facts, framework_version FROM subject_grade'),
    gradeHistory: await rows('SELECT contact_id, subject_id, kind, from_grade, to_grade, framework_version FROM subject_grade_change'),
    clocks: (named(clockRows.map((k) => ({
      target: k.target_id, kind: k.kind, duration: k.duration,
      fromReceipt: k.started_at.getTime() === k.received_at.getTime(),
      dueAsItsDeadlineSays: k.due_at.getTime() === sla.computeDueAt(k.kind as ClockKind, k.started_at, k.duration).getTime(),
    }))) as object[]).map((k) => JSON.stringify(k)).sort(),
    gradedEvents: await rows(`SELECT entity_id, summary - 'decisionClockId' - 'decisionDueAt' AS summary FROM audit_event WHERE action = 'contact.graded'`),
    auditEventKinds: audit,
  };
}

async function stop(run: Run | undefined): Promise<void> {
  await run?.worker.close();
  await run?.api.close();
}

/** The triage queue's entry for a contact, as a worker reads it (paged). */
async function inQueue(api: TestApi, contactId: string): Promise<{ grading: string } | undefined> {
  const token = `Bearer ${await api.tokenFor('mash_worker')}`;
  let cursor: string | undefined;
  for (;;) {
    const res = await api.http.get('/api/v1/triage/queue').query({ limit: 200, ...(cursor ? { cursor } : {}) }).set('Authorization', token);
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { id: string }) => i.id === contactId);
    if (item || !res.body.nextCursor) return item;
    cursor = res.body.nextCursor;
  }
}

describe('Batch grading (SPEC RAG-2, PERF-3)', () => {
  const original = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(testEnvironment(TEST_DATABASE_URL))) process.env[key] = original[key];
    process.env.QUEUE_PREFIX = original.QUEUE_PREFIX;
  });

  it('a contact of a batch that cannot be graded is split out: the others are graded, it is retried alone and then left to grade by hand', async () => {
    const run = await startOn(TEST_DATABASE_URL, original.QUEUE_PREFIX!);
    const triageQueue: Queue = run.worker.get(QueueRegistry).get(QUEUES.triage);
    try {
      const token = `Bearer ${await run.api.tokenFor('referrer')}`;
      for (let i = 0; i < 6; i++) {
        const res = await run.api.http.post('/api/v1/contacts').set('Authorization', token).send(simpleContact());
        expect(res.status).toBe(201);
        run.contactIds.push(res.body.id);
      }
      // A decision clock already running for a contact nobody has graded (a half-restored backup, a
      // hand edit): storing its grade breaks the one-open-clock-per-contact rule, every time.
      const bad = run.contactIds[2];
      await run.ds.query(
        `INSERT INTO sla_clock (id, kind, target_type, target_id, contact_id, started_at, due_at, duration)
         VALUES (gen_random_uuid(), 'decision_due', 'contact', $1, $1, now(), now() + interval '1 day', '{"aroundTheClock": false, "workingDays": 1}')`,
        [bad],
      );
      // The rows claimed together become one job carrying the six.
      await run.worker.get(OutboxRelayService).drain();
      const [batchJob] = (await triageQueue.getJobs(['waiting'])).filter((j) => j.data.batch?.some((p: { contactId: string }) => p.contactId === bad));
      expect(batchJob.data.batch.map((p: { contactId: string }) => p.contactId)).toEqual(expect.arrayContaining(run.contactIds));
      await triageQueue.resume();

      const done = await waitFor(async () => {
        const job = await triageQueue.getJob(batchJob.id!);
        return job && (await job.isCompleted()) ? job : undefined;
      }, 30_000, 'the batch job to complete');
      expect(done.returnvalue).toMatchObject({ outcome: 'partly_graded', retrying: 1 });
      const worker = `Bearer ${await run.api.tokenFor('mash_worker')}`;
      for (const id of run.contactIds.filter((c) => c !== bad)) {
        const view = await run.api.http.get(`/api/v1/contacts/${id}/triage`).set('Authorization', worker);
        expect([id, view.status, typeof view.body.grade]).toEqual([id, 200, 'string']);
      }
      const graded: { contact_id: string; n: number }[] = await run.ds.query(`SELECT entity_id AS contact_id, count(*)::int AS n FROM audit_event WHERE action = 'contact.graded' AND entity_id = ANY($1) GROUP BY entity_id`, [run.contactIds]);
      expect(graded.map((g) => [g.contact_id, g.n]).sort()).toEqual(run.contactIds.filter((c) => c !== bad).map((c) => [c, 1]).sort());

      // Alone under its usual job id, with the usual retries; then a person grades it by hand.
      await gradingFailsForGood(triageQueue, bad);
      expect((await triageQueue.getJob(`triage.${bad}`))?.failedReason).toContain('uq_sla_clock_open');
      await waitFor(async () => (await inQueue(run.api, bad))?.grading === 'grade_by_hand', 10_000, 'the contact to show as grade by hand');
    } finally {
      await stop(run);
    }
  });

  it('grading the bench stream one contact at a time and in batches gives the same persons, links, candidates, grades, rules, flags, clocks and audit events', async () => {
    const at = Date.now();
    const graded: Awaited<ReturnType<typeof outcome>>[] = [];
    for (const size of [1, GRADING_BATCH_LIMIT]) {
      const url = `${TEST_DATABASE_URL}_batch${size}`;
      await freshDatabase(url);
      let run: Run | undefined;
      try {
        run = await startOn(url, `${original.QUEUE_PREFIX}-batch${size}`);
        await postStream(run, at);
        const grading = run.worker.get(ProvisionalGradingService);
        for (let i = 0; i < run.contactIds.length; i += size) {
          const outcomes = await grading.gradeContacts(run.contactIds.slice(i, i + size));
          expect([...outcomes.values()].every((o) => o === 'graded')).toBe(true);
        }
        graded.push(await outcome(run));
      } finally {
        await stop(run);
        await dropDatabase(url);
      }
    }
    const [one, batched] = graded;
    // The stream does what production does: re-referred children are linked to the person made for them before.
    expect(one.contactGrades).toHaveLength(STREAM_LENGTH);
    expect(one.persons.filter((p) => /C\d+\.s.*C\d+\.s/.test(p!)).length).toBeGreaterThan(10);
    expect(one.subjectGrades.filter((g) => !g.includes('"flags":[]')).length).toBeGreaterThan(10);
    expect(new Set(one.contactGrades.map((g) => JSON.parse(g).grade)).size).toBeGreaterThan(1);
    for (const key of Object.keys(one) as (keyof typeof one)[]) expect([key, batched[key]]).toEqual([key, one[key]]);
  }, 300_000);
});
