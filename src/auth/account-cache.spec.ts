import type { DataSource } from 'typeorm';
import { AccountCache } from './account-cache';
import type { AccountChangeHandlers } from './persistence/account-change-listener';
import { listenForAccountChanges } from './persistence/account-change-listener';
import type { RequestAccountRow } from './persistence/accounts.repository';

jest.mock('./persistence/account-change-listener', () => ({ listenForAccountChanges: jest.fn() }));
const listen = listenForAccountChanges as jest.MockedFunction<typeof listenForAccountChanges>;

const row = (tokenVersion: number): RequestAccountRow => ({ id: 'u1', role: 'referrer', agencyId: 'a1', active: true, accessExpiresAt: null, tokenVersion });
const settle = () => new Promise((r) => setImmediate(r));

describe('AccountCache', () => {
  let handlers: AccountChangeHandlers;
  let cache: AccountCache;

  beforeEach(async () => {
    listen.mockReset();
    listen.mockImplementation(async (_ds, h) => {
      handlers = h;
      return async () => undefined;
    });
    cache = new AccountCache({} as DataSource);
  });

  afterEach(() => cache.onApplicationShutdown());

  /** The first read starts listening; it reads the account itself, as every read does until then. */
  async function listening(): Promise<void> {
    await cache.read('u1', async () => row(0));
    await settle();
    cache.forget('u1');
  }

  it('reads the account on every request until it listens for changes', async () => {
    listen.mockImplementation(() => new Promise(() => undefined));
    const load = jest.fn(async () => row(1));
    await cache.read('u1', load);
    await cache.read('u1', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('once listening, a second request within the second is answered from the first read', async () => {
    await listening();
    const load = jest.fn(async () => row(1));
    expect(await cache.read('u1', load)).toEqual(row(1));
    expect(await cache.read('u1', load)).toEqual(row(1));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a change notified by Postgres, or made in this process, makes the next request read the account again', async () => {
    await listening();
    await cache.read('u1', async () => row(1));
    handlers.changed('u1');
    expect(await cache.read('u1', async () => row(2))).toEqual(row(2));
    cache.forget('u1');
    expect(await cache.read('u1', async () => row(3))).toEqual(row(3));
  });

  it('requests for one account that arrive while it is being read wait for that read', async () => {
    await listening();
    let finish!: (r: RequestAccountRow) => void;
    const load = jest.fn(() => new Promise<RequestAccountRow>((r) => (finish = r)));
    const reads = [cache.read('u1', load), cache.read('u1', load), cache.read('u1', load)];
    finish(row(1));
    expect(await Promise.all(reads)).toEqual([row(1), row(1), row(1)]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a request arriving after a change does not wait for a read begun before it', async () => {
    await listening();
    let finish!: (r: RequestAccountRow) => void;
    const before = cache.read('u1', () => new Promise((r) => (finish = r)));
    handlers.changed('u1');
    expect(await cache.read('u1', async () => row(2))).toEqual(row(2));
    finish(row(1));
    await before;
  });

  it('a read that began before a change is not kept', async () => {
    await listening();
    let finish!: (r: RequestAccountRow) => void;
    const slow = cache.read('u1', () => new Promise((r) => (finish = r)));
    handlers.changed('u1');
    finish(row(1));
    expect(await slow).toEqual(row(1));
    expect(await cache.read('u1', async () => row(2))).toEqual(row(2));
  });

  it('keeps nothing once the listening connection is lost, and listens again', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      await listening();
      await cache.read('u1', async () => row(1));
      handlers.lost();
      const load = jest.fn(async () => row(2));
      await cache.read('u1', load);
      await cache.read('u1', load);
      expect(load).toHaveBeenCalledTimes(2);
      jest.advanceTimersByTime(1000);
      await settle();
      expect(listen).toHaveBeenCalledTimes(2);
      await cache.read('u1', load);
      await cache.read('u1', load);
      expect(load).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps an account for a second at most', async () => {
    await listening();
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const load = jest.fn(async () => row(1));
      await cache.read('u1', load);
      clock.mockReturnValue(now + 999);
      await cache.read('u1', load);
      clock.mockReturnValue(now + 1000);
      await cache.read('u1', load);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      clock.mockRestore();
    }
  });
});
