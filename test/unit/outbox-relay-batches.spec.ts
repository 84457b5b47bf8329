import { jobsFor } from '../../src/queue/outbox-relay.service';
import type { OutboxRow } from '../../src/queue/persistence/outbox.repository';

const row = (n: number, job_name = 'contact.received'): OutboxRow => ({ id: `row-${n}`, queue: 'triage', job_name, job_id: `triage.c${n}`, payload: { contactId: `c${n}` } });

describe('the relay: outbox rows to jobs', () => {
  it('queues one job per row, with the row id as job id, for a job nobody takes in batches', () => {
    const jobs = jobsFor([row(1), row(2)], {});
    expect(jobs.map((j) => [j.name, j.opts.jobId, j.data])).toEqual([
      ['contact.received', 'triage.c1', { contactId: 'c1' }],
      ['contact.received', 'triage.c2', { contactId: 'c2' }],
    ]);
  });

  it('carries rows of a batched job claimed together in jobs of at most its limit, in claim order', () => {
    const jobs = jobsFor([1, 2, 3, 4, 5].map((n) => row(n)), { 'contact.received': 2 });
    expect(jobs.map((j) => [j.opts.jobId, j.data])).toEqual([
      ['triage.c1.batch-of-2', { batch: [{ contactId: 'c1' }, { contactId: 'c2' }] }],
      ['triage.c3.batch-of-2', { batch: [{ contactId: 'c3' }, { contactId: 'c4' }] }],
      ['triage.c5', { contactId: 'c5' }],
    ]);
    expect(jobs.every((j) => j.opts.attempts === 8)).toBe(true);
  });

  it('leaves other jobs of the same claim as they are', () => {
    const jobs = jobsFor([row(1), row(2, 'contact.household-changed'), row(3)], { 'contact.received': 10 });
    expect(jobs.map((j) => j.opts.jobId)).toEqual(['triage.c2', 'triage.c1.batch-of-2']);
  });
});
