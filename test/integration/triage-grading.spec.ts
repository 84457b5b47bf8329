import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ExceptionsZone } from '@nestjs/core/errors/exceptions-zone';
import { createApi } from '../../src/bootstrap-api';
import { PeopleForTriage, SubjectPicture } from '../../src/modules/people/people-for-triage';
import { ProvisionalGradingService } from '../../src/modules/triage/provisional-grading.service';
import { OutboxService } from '../../src/queue/outbox.service';
import { QUEUES } from '../../src/queue/queue-names';
import { ContactSeed, createContact } from '../factories/contact-factory';
import { submitContact } from '../factories/submit-contact';
import { withDb } from '../utils/db';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

const graded = (contactId: string) =>
  withDb(async (db) => (await db.query('SELECT grade, decision_due_at FROM contact_triage WHERE contact_id = $1', [contactId])).rows[0] as { grade: string; decision_due_at: Date } | undefined);

/**
 * Nest reports an error thrown while the application is created and then calls process.exit(1): the
 * process refuses to start. (These run first in the file: the abandoned boot's database pool finishes
 * connecting while the later tests run, instead of after Jest has torn the file down.) Here process.exit is stubbed (to throw instead) and the reported error
 * is captured, so the test sees exactly what an operator would.
 */
async function bootFailure(start: () => Promise<unknown>): Promise<string> {
  const handler = (ExceptionsZone as unknown as { exceptionHandler: { handle(e: Error): void } }).exceptionHandler;
  const reported = jest.spyOn(handler, 'handle').mockImplementation(() => undefined);
  const exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new Error(`process.exit(${code})`);
  }) as never);
  // Nest aborts when the exit it asked for does not happen; stop that too.
  const abort = jest.spyOn(process, 'abort').mockImplementation((() => {
    throw new Error('process.abort()');
  }) as never);
  try {
    await expect(start()).rejects.toThrow();
    expect(exit).toHaveBeenCalledWith(1);
    return (reported.mock.calls[0][0] as Error).message;
  } finally {
    reported.mockRestore();
    exit.mockRestore();
    abort.mockRestore();
  }
}

describe('configuration is validated at boot (SPEC RAG-1, CONVENTIONS habit 2)', () => {
  const original = process.env.CONFIG_DIR;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mash-config-'));
    cpSync(join(__dirname, '../../config'), dir, { recursive: true });
    process.env.CONFIG_DIR = dir;
  });
  afterEach(() => {
    process.env.CONFIG_DIR = original;
    if (original === undefined) delete process.env.CONFIG_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the worker and the API refuse to start on an invalid threshold framework, naming the file and the problem', async () => {
    const file = join(dir, 'thresholds', 'rag-framework-v1.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('categoryIn: [sexual_abuse, cse_cce]', 'categoryIn: [sexual_abus, cse_cce]'));
    expect(await bootFailure(startWorker)).toMatch(/rag-framework-v1\.yaml[\s\S]*rules\[0\]\.when\.concern\.categoryIn\[0\]: "sexual_abus" is not one of/);
    expect(await bootFailure(createApi)).toMatch(/rules\[0\]\.when\.concern\.categoryIn\[0\]/);
  });

  it('the worker refuses to start on an invalid sla.yaml', async () => {
    writeFileSync(join(dir, 'sla.yaml'), readFileSync(join(dir, 'sla.yaml'), 'utf8').replace('due: { hours: 4 }', 'due: { workingDays: 4 }'));
    expect(await bootFailure(startWorker)).toMatch(/sla\.yaml[\s\S]*clocks\.police_strategy_request_answered\.due: an around-the-clock deadline/);
  });

  it('the worker refuses to start on an invalid calendar', async () => {
    writeFileSync(join(dir, 'calendar', 'england-and-wales.yaml'), readFileSync(join(dir, 'calendar', 'england-and-wales.yaml'), 'utf8').replace('"2026-12-25"', '"2026-12-32"'));
    expect(await bootFailure(startWorker)).toMatch(/england-and-wales\.yaml[\s\S]*bankHolidays\[22\]\.date: "2026-12-32" is not a date/);
  });
});

describe('Provisional grading by the worker (SPEC RAG-2, INT-10, REL-3)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('identical contacts from a school and from an anonymous caller get identical grades, rules and deadlines (INT-10)', async () => {
    const [school] = (await withDb((db) => db.query(`SELECT id FROM agency WHERE type = 'school' LIMIT 1`))).rows;
    const receivedAt = new Date('2026-11-20T16:30:00Z'); // a Friday afternoon: the working-day deadline crosses a weekend
    const worry: ContactSeed = {
      receivedAt,
      urgency: 'urgent',
      subjects: [{ dateOfBirth: '2023-02-14' }, { dateOfBirth: '2015-09-30' }],
      household: [{ relationship: 'mothers_partner', knownRisks: ['domestic_abuse_perpetrator'] }],
      concerns: [{ category: 'da_incident', description: 'Police called to the flat' }],
    };
    const fromSchool = await submitContact(ds, { ...worry, channel: 'professional', referrerType: 'professional', anonymous: false, referralSource: '2A', submittedByAgencyId: school.id });
    const fromAnonymous = await submitContact(ds, { ...worry, channel: 'public', referrerType: 'anonymous', anonymous: true, referralSource: '1D', submittedByAgencyId: null });
    const a = await waitFor(() => graded(fromSchool.contact.id), 15_000, 'school contact graded');
    const b = await waitFor(() => graded(fromAnonymous.contact.id), 15_000, 'anonymous contact graded');
    expect(a).toEqual(b);
    expect(a.grade).toBe('AMBER');
    // AMBER: 1 working day from 16:30 on Friday = 30 minutes on Friday + 7h30 on Monday = 16:30 on Monday.
    expect(a.decision_due_at.toISOString()).toBe('2026-11-23T16:30:00.000Z');
    const rules = (contactId: string) => withDb(async (db) => (await db.query('SELECT grade, fired_rules FROM subject_grade WHERE contact_id = $1 ORDER BY grade, fired_rules::text', [contactId])).rows);
    expect(await rules(fromSchool.contact.id)).toEqual(await rules(fromAnonymous.contact.id));
  });

  it('a contact is graded once however many times its job runs, even at the same moment (REL-3)', async () => {
    const { contact, subjects } = await createContact(ds, { subjects: [{}, {}], concerns: [{ category: 'missing_episode' }] });
    const service = worker.get(ProvisionalGradingService);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => service.gradeContact(contact.id)));
    expect(outcomes.filter((o) => o === 'graded')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already_graded')).toHaveLength(4);

    // A duplicate delivery through the queue (a second outbox row, another job id) changes nothing either.
    await ds.transaction((em) => new OutboxService().add(em, { queue: QUEUES.triage, jobName: 'contact.received', jobId: `triage.${contact.id}.again`, payload: { contactId: contact.id } }));
    const queue = worker.get<Queue>(getQueueToken(QUEUES.triage), { strict: false });
    // Read the job again once completed: a copy read before it completed has no return value.
    const job = await waitFor(async () => {
      const j = await queue.getJob(`triage.${contact.id}.again`);
      return j && (await j.isCompleted()) ? queue.getJob(j.id!) : undefined;
    }, 15_000, 'the duplicate job to complete');
    expect(job.returnvalue).toEqual({ outcome: 'already_graded' });

    const counts = await withDb(async (db) => (await db.query(
      `SELECT (SELECT count(*)::int FROM contact_triage WHERE contact_id = $1::uuid) AS triage,
              (SELECT count(*)::int FROM subject_grade WHERE contact_id = $1) AS grades,
              (SELECT count(*)::int FROM subject_grade_change WHERE contact_id = $1) AS changes,
              (SELECT count(*)::int FROM sla_clock WHERE contact_id = $1 AND kind = 'decision_due') AS clocks,
              (SELECT count(*)::int FROM audit_event WHERE action = 'contact.graded' AND entity_id = $1::uuid::text) AS audits,
              (SELECT status FROM contact WHERE id = $1) AS status`, [contact.id])).rows[0]);
    expect(counts).toEqual({ triage: 1, grades: subjects.length, changes: subjects.length, clocks: 1, audits: 1, status: 'triaged' });
  });

  it('grades on the people picture: flags with their causing contacts reach the grade, the queue and the triage view', async () => {
    const earlier = [await createContact(ds, {}), await createContact(ds, {})];
    const people = worker.get(PeopleForTriage, { strict: false });
    const picture = async (contactId: string): Promise<SubjectPicture[]> => {
      const rows = (await withDb((db) => db.query('SELECT id FROM contact_subject WHERE contact_id = $1', [contactId]))).rows;
      return rows.map((r) => ({
        subjectId: r.id,
        personId: null,
        flags: [{ ruleId: 'PPL-4.repeat-contacts', label: '3 or more contacts in 12 months', threshold: { count: 3, withinDays: 365 }, causingContactIds: earlier.map((e) => e.contact.id) }],
        facts: { onCurrentCpPlan: false, everOnCpPlan: true, selfHarmEpisodesLast90Days: 0, neglectReportingAgenciesLast12Months: 0 },
      }));
    };
    const spy = jest.spyOn(people, 'prepareContacts').mockImplementation(async (contactIds: string[]) => new Map(await Promise.all(contactIds.map(async (id) => [id, await picture(id)] as const))));
    try {
      const { contact } = await submitContact(ds, { concerns: [{ category: 'neglect_indicator' }] });
      await waitFor(() => graded(contact.id), 15_000, 'the contact graded');
      const view = await api.http.get(`/api/v1/contacts/${contact.id}/triage`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
      expect(view.body.grade).toBe('AMBER');
      const subject = view.body.subjects[0];
      expect(subject.firedRules.map((r: { ruleId: string }) => r.ruleId)).toEqual(['RAG-2.amber.accumulation-flag']);
      expect(subject.facts).toEqual({ onCurrentCpPlan: false, everOnCpPlan: true, selfHarmEpisodesLast90Days: 0, neglectReportingAgenciesLast12Months: 0 });
      expect(subject.flags[0]).toMatchObject({ ruleId: 'PPL-4.repeat-contacts', threshold: { count: 3, withinDays: 365 } });
      expect(subject.flags[0].causingContacts.map((c: { reference: string }) => c.reference).sort()).toEqual(earlier.map((e) => e.contact.reference).sort());
      const queue = await api.http.get('/api/v1/triage/queue').query({ grade: 'AMBER', limit: 200 }).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
      const item = queue.body.items.find((i: { id: string }) => i.id === contact.id);
      expect(item?.flags).toEqual([{ ruleId: 'PPL-4.repeat-contacts', label: '3 or more contacts in 12 months' }]);
    } finally {
      spy.mockRestore();
    }
  });
});
