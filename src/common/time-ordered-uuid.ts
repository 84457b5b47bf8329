import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Random bytes taken in blocks: one call to the system's generator per 512 UUIDs rather than per UUID. */
const POOL_BYTES = 4096;

/**
 * A source of UUID version 7 (RFC 9562): the Unix time in milliseconds, then a 12-bit counter that
 * keeps the UUIDs of one millisecond in order (method 1 of RFC 9562 6.2), then 62 random bits. Each
 * UUID is greater than the one before from the same source, so rows keyed by them go into their
 * B-tree indexes at the right-hand edge, pages already in memory, instead of at random places all
 * over them: bulk writes of new rows (the legacy import) cost Postgres much less index upkeep. The
 * random bits keep them unguessable all the same; they do tell when a row was made, which its own
 * columns say anyway.
 */
export function timeOrderedUuids(now: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  const pool = Buffer.alloc(POOL_BYTES);
  let used = POOL_BYTES;
  return () => {
    let ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      counter = 0;
    } else if (++counter > 0xfff) {
      // 4,096 in one millisecond (or the clock went back): borrow the next millisecond, never repeat.
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
    if (used + 8 > POOL_BYTES) {
      randomFillSync(pool);
      used = 0;
    }
    const r = used;
    used += 8;
    const high = Math.floor(ms / 0x1000000); // the top 24 of the 48 bits
    const low = ms % 0x1000000;
    return (
      HEX[(high >>> 16) & 0xff] + HEX[(high >>> 8) & 0xff] + HEX[high & 0xff] + HEX[(low >>> 16) & 0xff] + '-' +
      HEX[(low >>> 8) & 0xff] + HEX[low & 0xff] + '-' +
      HEX[0x70 | (counter >>> 8)] + HEX[counter & 0xff] + '-' +
      HEX[0x80 | (pool[r] & 0x3f)] + HEX[pool[r + 1]] + '-' +
      HEX[pool[r + 2]] + HEX[pool[r + 3]] + HEX[pool[r + 4]] + HEX[pool[r + 5]] + HEX[pool[r + 6]] + HEX[pool[r + 7]]
    );
  };
}
