import type { Client } from 'pg';
import { OutboxRelayService, RELAY_GATHER_MS } from '../../src/queue/outbox-relay.service';
import type { OutboxRelayRepository, OutboxRow } from '../../src/queue/persistence/outbox.repository';
import type { QueueRegistry } from '../../src/queue/queue-registry';

/**
 * When the relay claims: at once on a notification while the outbox was empty (a contact arriving
 * alone is queued without delay), but after a claim that found rows it gathers what arrives for
 * RELAY_GATHER_MS before the next, so under load a claim carries many rows, not the one or two
 * committed since the last.
 */
describe('the relay: when it claims', () => {
  let claims: number[];
  let pending: number;
  let notify: () => void;
  let relay: OutboxRelayService;

  beforeEach(() => {
    jest.useFakeTimers();
    claims = [];
    pending = 0;
    const row = (n: number): OutboxRow => ({ id: `r${n}`, queue: 'feedback', job_name: 'acknowledge', job_id: `ack.c${n}`, payload: { contactId: `c${n}` } });
    const repository = {
      relayBatch: async (enqueue: (rows: OutboxRow[]) => Promise<void>) => {
        const rows = Array.from({ length: pending }, (_, i) => row(i));
        pending = 0;
        if (rows.length) await enqueue(rows);
        claims.push(rows.length);
        return rows.length;
      },
      noteError: async () => undefined,
      listener: (onNotify: () => void) => {
        notify = onNotify;
        return { end: async () => undefined } as unknown as Client;
      },
      listen: async () => undefined,
    } as unknown as OutboxRelayRepository;
    const queues = { get: () => ({ addBulk: async () => [] }) } as unknown as QueueRegistry;
    relay = new OutboxRelayService(repository, queues);
  });

  afterEach(async () => {
    const stopped = relay.onApplicationShutdown();
    await jest.runOnlyPendingTimersAsync();
    await stopped;
    jest.useRealTimers();
  });

  const arrive = async (rows: number) => {
    pending += rows;
    notify();
    await jest.advanceTimersByTimeAsync(0);
  };

  it('claims at once on a notification when the outbox was empty', async () => {
    relay.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(claims).toEqual([0]);
    await arrive(1);
    expect(claims).toEqual([0, 1]);
  });

  it('after a claim that found rows, waits RELAY_GATHER_MS whatever is notified, then claims all that arrived', async () => {
    relay.start();
    await jest.advanceTimersByTimeAsync(0);
    await arrive(2);
    expect(claims).toEqual([0, 2]);
    await arrive(1);
    await jest.advanceTimersByTimeAsync(RELAY_GATHER_MS / 2);
    await arrive(3);
    await jest.advanceTimersByTimeAsync(RELAY_GATHER_MS / 2 - 1);
    expect(claims).toEqual([0, 2]);
    await jest.advanceTimersByTimeAsync(1);
    expect(claims).toEqual([0, 2, 4]);
    // That claim found rows too: another gathering; the next finds none, and then a notification is answered at once again.
    await jest.advanceTimersByTimeAsync(RELAY_GATHER_MS);
    expect(claims).toEqual([0, 2, 4, 0]);
    await arrive(1);
    expect(claims).toEqual([0, 2, 4, 0, 1]);
  });

  it('stops at once when shut down while gathering', async () => {
    relay.start();
    await jest.advanceTimersByTimeAsync(0);
    await arrive(1);
    let stopped = false;
    const stopping = relay.onApplicationShutdown().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
    await stopping;
  });
});
