import { Turns } from '../../src/queue/turns';

/** A turn that waits until released, so requests can pile up behind it. */
function heldWork() {
  const turns: string[][] = [];
  const releases: (() => void)[] = [];
  const work = async (items: string[]) => {
    const turn = turns.push(items);
    await new Promise<void>((release) => releases.push(release));
    if (items.includes('bad')) throw new Error('turn failed');
    return (mine: string[]) => mine.map((m) => `${m}:${turn}`);
  };
  const releaseNext = async () => {
    while (!releases.length) await new Promise((r) => setImmediate(r));
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
    for (let i = 0; i < 5; i++) await releaseNext().catch(() => undefined);
    await Promise.all(all);
    expect(turns).toEqual([['a'], ['b', 'c'], ['d', 'e'], ['f', 'g', 'h', 'i'], ['j']]);
  });

  it('fails every request of a turn that throws, and goes on with the next turn', async () => {
    const { turns, work, releaseNext } = heldWork();
    const t = new Turns(10, work);
    const first = t.take(['a']);
    const bad = t.take(['bad']);
    const withBad = t.take(['b']);
    await releaseNext();
    await releaseNext();
    await expect(bad).rejects.toThrow('turn failed');
    await expect(withBad).rejects.toThrow('turn failed');
    expect(await first).toEqual(['a:1']);
    const later = t.take(['c']);
    await releaseNext();
    expect(await later).toEqual(['c:3']);
    expect(turns).toEqual([['a'], ['bad', 'b'], ['c']]);
  });
});
