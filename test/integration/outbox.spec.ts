import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OutboxRelayService } from '../../src/queue/outbox-relay.service';
import { OutboxService } from '../../src/queue/outbox.service';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { QUEUES } from '../../src/queue/queue-names';
import { createWorker } from '../../src/bootstrap-worker';

/** Builds a worker context without starting its loops, so the test drives the relay itself. */
async function workerWith(redisUrl: string): Promise<INestApplicationContext> {
  const previous = process.env.REDIS_URL;
  process.env.REDIS_URL = redisUrl;
  try {
    const app = await createWorker();
    // Stop the background relay: this test calls relayOnce() itself to observe each step.
    await app.get(OutboxRelayService).onApplicationShutdown();
    return app;
  } finally {
    process.env.REDIS_URL = previous;
  }
}

describe('Outbox survives Redis being unavailable (CONVENTIONS habit 5, SPEC REL-2)', () => {
  it('rows written while the queue is unreachable are delivered, once each, when it returns', async () => {
    const down = await workerWith('redis://127.0.0.1:6391'); // nothing listens here
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const dataSource = down.get(DataSource);
    await dataSource.transaction((em) =>
      down.get(OutboxService).add(em, ...ids.map((id) => ({ queue: QUEUES.sweeps, jobName: 'test.ping', jobId: `test-ping.${id}`, payload: { id } }))),
    );
    await expect(down.get(OutboxRelayService).relayOnce()).rejects.toThrow();
    const pending = await dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE job_id = ANY($1) AND dispatched_at IS NULL', [ids.map((id) => `test-ping.${id}`)]);
    expect(pending[0].n).toBe(3);
    await down.close();

    const up = await workerWith(process.env.REDIS_URL!);
    try {
      const relay = up.get(OutboxRelayService);
      await relay.drain();
      await relay.drain(); // a second pass must not queue anything again
      const queue = up.get(QueueRegistry).get(QUEUES.sweeps);
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      const ours = jobs.filter((j) => ids.includes(j.data.id));
      expect(ours.map((j) => j.id).sort()).toEqual(ids.map((id) => `test-ping.${id}`).sort());
      const left = await up.get(DataSource).query('SELECT count(*)::int AS n FROM outbox WHERE job_id = ANY($1) AND dispatched_at IS NULL', [ids.map((id) => `test-ping.${id}`)]);
      expect(left[0].n).toBe(0);
      await queue.obliterate({ force: true });
    } finally {
      await up.close();
    }
  }, 180_000); // against a Redis that refuses connections, each client's commands fail only after its reconnect attempts

  it('re-relaying a row whose job already exists does not create a second job (deterministic job id)', async () => {
    const worker = await workerWith(process.env.REDIS_URL!);
    try {
      const id = randomUUID();
      const queue = worker.get(QueueRegistry).get(QUEUES.sweeps);
      const ds = worker.get(DataSource);
      for (let i = 0; i < 2; i++) {
        await ds.transaction((em) => worker.get(OutboxService).add(em, { queue: QUEUES.sweeps, jobName: 'test.ping', jobId: `dup.${id}`, payload: { id } }));
        await worker.get(OutboxRelayService).drain();
      }
      const jobs = (await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter((j) => j.data.id === id);
      expect(jobs).toHaveLength(1);
      await queue.obliterate({ force: true });
    } finally {
      await worker.close();
    }
  });
});
