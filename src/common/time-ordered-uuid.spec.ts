import { UUID_PATTERN } from './uuid';
import { timeOrderedUuids } from './time-ordered-uuid';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (uuid: string) => parseInt(uuid.replace(/-/g, '').slice(0, 12), 16);

describe('timeOrderedUuids (UUID version 7)', () => {
  it('makes version 7 UUIDs carrying the millisecond they were made in', () => {
    const at = Date.UTC(2026, 11, 5, 16, 30, 0, 123);
    const uuid = timeOrderedUuids(() => at)();
    expect(uuid).toMatch(UUID_PATTERN);
    expect(uuid).toMatch(V7);
    expect(msOf(uuid)).toBe(at);
  });

  it('each UUID sorts after the one before, within a millisecond, past 4,096 in one, and when the clock goes back', () => {
    let now = 1_000;
    const next = timeOrderedUuids(() => now);
    const uuids = Array.from({ length: 5_000 }, next); // 5,000 in millisecond 1000
    now = 999; // the clock steps back
    uuids.push(...Array.from({ length: 10 }, next));
    now = 5_000;
    uuids.push(...Array.from({ length: 10 }, next));
    for (let i = 1; i < uuids.length; i++) expect(uuids[i] > uuids[i - 1]).toBe(true);
    expect(new Set(uuids).size).toBe(uuids.length);
    uuids.forEach((u) => expect(u).toMatch(V7));
    expect(msOf(uuids[0])).toBe(1_000);
    expect(msOf(uuids[4_096])).toBe(1_001); // the 4,097th of millisecond 1000 borrows the next one
    expect(msOf(uuids[uuids.length - 1])).toBe(5_000);
  });

  it('two sources never make the same UUID (62 random bits each)', () => {
    const a = timeOrderedUuids(() => 42);
    const b = timeOrderedUuids(() => 42);
    const seen = new Set<string>();
    for (let i = 0; i < 4_000; i++) {
      seen.add(a());
      seen.add(b());
    }
    expect(seen.size).toBe(8_000);
  });
});
