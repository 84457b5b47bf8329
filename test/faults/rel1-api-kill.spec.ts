import { waitFor } from '../utils/test-app';
import { gradingOf, notGradedOnce } from './support/grading';
import { login } from './support/http';
import { contactLoad } from './support/load';
import { faultHarness, startServices } from './support/fault-harness';
import { sleep, startApi, uniquePrefix, waitReady } from './support/processes';

/**
 * SPEC REL-1: a 201 means committed. The API is killed with SIGKILL (no shutdown hook runs) in the
 * middle of a load and started again; every contact that got a 201, before or after the kill, is in
 * Postgres and is graded in the end (once).
 */
describe('REL-1: kill -9 the API mid-load', () => {
  const harness = faultHarness();

  it('every acknowledged contact survives the kill and is graded', async () => {
    const { db } = harness;
    const started = await startServices(harness.smtp, { queuePrefix: uniquePrefix('kill-api') });
    const { port, env } = started;
    let api = started.api;
    const worker = started.worker!;
    const token = await login(port, 'referrer');

    const load = contactLoad(port, token, 8);
    await waitFor(async () => load.accepted().length >= 60, 30_000, '60 contacts accepted');
    const beforeKill = load.sent.length;
    await api.kill9();
    const acceptedAtKill = load.accepted().length;
    // The load keeps trying while the API is down (refused), then reaches the restarted API.
    api = startApi(env);
    await waitReady(port, api);
    await waitFor(async () => load.accepted().length >= acceptedAtKill + 30, 30_000, '30 more contacts after the restart');
    await load.stop();

    const failedAroundKill = load.sent.slice(beforeKill).filter((s) => s.status !== 201);
    expect(failedAroundKill.length).toBeGreaterThan(0); // the kill really interrupted the load
    expect(load.sent.filter((s) => s.status !== undefined && s.status !== 201)).toEqual([]); // never an error answer, only refused connections

    const accepted = load.accepted();
    const stored = await gradingOf(db, accepted);
    expect(stored.filter((r) => !r.stored)).toEqual([]);
    const graded = await waitFor(async () => {
      const rows = await gradingOf(db, accepted);
      return notGradedOnce(rows).length === 0 ? rows : undefined;
    }, 60_000, 'every accepted contact graded');
    expect(graded).toHaveLength(accepted.length);
    api.signal('SIGTERM');
    worker.signal('SIGTERM');
    await sleep(0);
  });
});
