import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createWorker } from '../../src/bootstrap-worker';
import { OutboxRelayService } from '../../src/queue/outbox-relay.service';
import { QUEUES } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { startApi, waitFor } from '../utils/test-app';
import { anonymousPublicContact, simpleContact } from '../factories/contact-bodies';

const DEAD_REDIS = 'redis://127.0.0.1:6392'; // nothing listens here

/** The contacts a job is about: its own, or those of the rows it carries. */
const contactsOf = (data: { contactId?: string; batch?: { contactId: string }[] }) => (data.batch ? data.batch.map((p) => p.contactId) : data.contactId ? [data.contactId] : []);

/** A worker whose relay loop is stopped, so the test drives the relay step by step. */
async function workerWith(redisUrl: string): Promise<INestApplicationContext> {
  const previous = process.env.REDIS_URL;
  process.env.REDIS_URL = redisUrl;
  try {
    const app = await createWorker();
    await app.get(OutboxRelayService).onApplicationShutdown();
    return app;
  } finally {
    process.env.REDIS_URL = previous;
  }
}

describe('Intake with the queue unreachable (SPEC INT-9, REL-2)', () => {
  it('contacts are accepted while Redis is down, and their triage and acknowledgement jobs are queued once each when it returns', async () => {
    const liveRedis = process.env.REDIS_URL!;
    process.env.REDIS_URL = DEAD_REDIS;
    const api = await startApi();
    const ids: string[] = [];
    try {
      const token = `Bearer ${await api.tokenFor('referrer')}`;
      for (let i = 0; i < 3; i++) {
        const res = await api.http.post('/api/v1/contacts').set('Authorization', token).send(simpleContact());
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      const pub = await api.http.post('/api/v1/public/contacts').send(anonymousPublicContact());
      expect(pub.status).toBe(201);
      ids.push((await api.app.get(DataSource).query('SELECT id FROM contact WHERE reference = $1', [pub.body.reference]))[0].id);
    } finally {
      await api.close();
      process.env.REDIS_URL = liveRedis;
    }

    const down = await workerWith(DEAD_REDIS);
    await expect(down.get(OutboxRelayService).relayOnce()).rejects.toThrow();
    const pending = await down.get(DataSource).query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'contactId' = ANY($1) AND dispatched_at IS NULL`, [ids]);
    expect(pending[0].n).toBe(ids.length * 2);
    await down.close();

    const up = await workerWith(liveRedis);
    try {
      const relay = up.get(OutboxRelayService);
      await relay.drain();
      await relay.drain(); // a second pass queues nothing again
      const queues = up.get(QueueRegistry);
      const jobsOf = async (queue: typeof QUEUES.triage | typeof QUEUES.feedback) =>
        (await queues.get(queue).getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter((j) => contactsOf(j.data).some((id) => ids.includes(id)));
      const triage = await jobsOf(QUEUES.triage);
      // Triage rows claimed together go as one job carrying them all (BATCHED_JOBS), named after the first.
      // (A batch may also carry rows other test files left pending.)
      expect(triage.flatMap((j) => contactsOf(j.data)).filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      expect(triage.map((j) => j.id)).toEqual(triage.map((j) => (j.data.batch ? `triage.${j.data.batch[0].contactId}.batch-of-${j.data.batch.length}` : `triage.${j.data.contactId}`)));
      expect(triage.every((j) => j.name === 'contact.received')).toBe(true);
      // Acknowledgements are a batched job: rows relayed together go as one job of all their
      // contacts, with the first row's id and the batch's size; a row relayed alone keeps its own.
      const ack = await jobsOf(QUEUES.feedback);
      expect(ack.flatMap((j) => contactsOf(j.data)).filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      for (const j of ack) {
        const contacts = contactsOf(j.data);
        expect(j.id).toBe(contacts.length === 1 ? `ack.${contacts[0]}` : `ack.${contacts[0]}.batch-of-${contacts.length}`);
      }
      expect(ack.every((j) => j.name === 'acknowledge')).toBe(true);
      // And the worker's triage processor grades each contact once from those jobs.
      const graded = async () => (await up.get(DataSource).query('SELECT count(*)::int AS n FROM contact_triage WHERE contact_id = ANY($1)', [ids]))[0].n;
      await waitFor(async () => (await graded()) === ids.length, 15_000, 'every contact graded');
      for (const q of [QUEUES.triage, QUEUES.feedback]) await queues.get(q).obliterate({ force: true });
    } finally {
      await up.close();
    }
  }, 180_000); // against a Redis that refuses connections, each client's commands fail only after its reconnect attempts
});
