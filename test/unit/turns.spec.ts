import { Turns } from '../../src/common/turns';

/** A turn that waits until released, so requests can pile up behind it; a turn holding 'bad' throws. */
function heldWork() {
  const turns: string[][] = [];
  const releases: (() => void)[] = [];
  const work = async (items: string[]) => {
    const turn = turns.push(items);
    await new Promise<void>((release) => releases.push(release));
    if (items.includes('bad')) throw new Error('turn failed');
    return (mine: string[]) => mine.map((m) => `${m}:${turn}`);
  };
  /** Lets the next turn finish, once it has started (a few event-loop rounds at most). */
  const releaseNext = async () => {
    for (let round = 0; !releases.length; round++) {
      if (round > 100) throw new Error('no turn started');
      await new Promise((r) => setImmediate(r));
    }
    releases.shift()!();
  };
  return { turns, work, releaseNext };
}

describe('Turns: the jobs of one process done together, one turn at a time', () => {
  it('does a request at once when idle, and takes every request that arrived meanwhile into the next turn, answering each its own', async () => {
    const { turns, work, releaseNext } = heldWork();
    const t = new Turns(10, work);
    const first = t.take(['a']);
    const second = t.take(['b', 'c']);
    const third = t.take(['d']);
    await releaseNext();
    await releaseNext();
    expect(await first).toEqual(['a:1']);
    expect(await second).toEqual(['b:2', 'c:2']);
    expect(await third).toEqual(['d:2']);
    expect(turns).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('keeps a turn within the limit, in the order asked, and takes a request larger than the limit alone', async () => {
    const { turns, work, releaseNext } = heldWork();
    const t = new Turns(3, work);
    const all = [t.take(['a']), t.take(['b', 'c']), t.take(['d', 'e']), t.take(['f', 'g', 'h', 'i']), t.take(['j'])];
    for (let i = 0; i < 5; i++) await releaseNext();
    await Promise.all(all);
    expect(turns).toEqual([['a'], ['b', 'c'], ['d', 'e'], ['f', 'g', 'h', 'i'], ['j']]);
  });

  it('when a turn of several requests throws, does each again on its own: only the one at fault fails, and the next turn goes on', async () => {
    const { turns, work, releaseNext } = heldWork();
    const t = new Turns(10, work);
    const settled = Promise.allSettled([t.take(['a']), t.take(['bad']), t.take(['b'])]);
    for (let i = 0; i < 4; i++) await releaseNext();
    const [first, bad, withBad] = await settled;
    expect(first).toEqual({ status: 'fulfilled', value: ['a:1'] });
    expect(bad).toEqual({ status: 'rejected', reason: new Error('turn failed') });
    expect(withBad).toEqual({ status: 'fulfilled', value: ['b:4'] });
    const later = t.take(['c']);
    await releaseNext();
    expect(await later).toEqual(['c:5']);
    expect(turns).toEqual([['a'], ['bad', 'b'], ['bad'], ['b'], ['c']]);
  });

  it('when retryAlone says a failure leaves the turn\'s outcome unknown, fails every request of the turn and does none again', async () => {
    const { turns, work, releaseNext } = heldWork();
    const t = new Turns(10, work, (error) => error.message !== 'turn failed');
    const settled = Promise.allSettled([t.take(['a']), t.take(['bad']), t.take(['b'])]);
    await releaseNext();
    await releaseNext();
    const [first, bad, withBad] = await settled;
    expect(first).toEqual({ status: 'fulfilled', value: ['a:1'] });
    expect(bad).toEqual({ status: 'rejected', reason: new Error('turn failed') });
    expect(withBad).toEqual({ status: 'rejected', reason: new Error('turn failed') });
    expect(turns).toEqual([['a'], ['bad', 'b']]);
  });

  it('fails the request whose answer cannot be read, and answers the others of its turn', async () => {
    const t = new Turns<string, string>(10, async () => (mine) => {
      if (mine.includes('unreadable')) throw new Error('no answer');
      return mine.join();
    });
    const [ok, unreadable] = await Promise.allSettled([t.take(['a']), t.take(['unreadable'])]);
    expect(ok).toEqual({ status: 'fulfilled', value: 'a' });
    expect(unreadable).toEqual({ status: 'rejected', reason: new Error('no answer') });
  });
});
