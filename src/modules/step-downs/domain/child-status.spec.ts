import { planExternalTransition } from './child-status';

const now = new Date('2026-11-20T12:00:00Z');
const earlier = new Date('2026-11-18T10:00:00Z');

describe('STEP-1 external status changes', () => {
  it.each<[string, Parameters<typeof planExternalTransition>[0], Parameters<typeof planExternalTransition>[1], string | null, string[]]>([
    ['CP plan starts at ICPC with NEG', 'child_in_need', { level: 'child_protection', startedAt: earlier, categoryOfAbuse: 'NEG' }, 'child_protection', []],
    ['CP plan without a category', 'universal', { level: 'child_protection', startedAt: earlier }, null, ['STEP-1.category-required']],
    ['category on a looked-after start', 'universal', { level: 'looked_after', startedAt: earlier, categoryOfAbuse: 'NEG' }, null, ['STEP-1.category-only-for-cp-start']],
    ['CP plan ends: child in need by default', 'child_protection', { level: 'child_protection', endedAt: earlier }, 'child_in_need', []],
    ['CP plan ends to universal when said', 'child_protection', { level: 'child_protection', endedAt: earlier, nextLevel: 'universal' }, 'universal', []],
    ['ending a level that is not current', 'early_help', { level: 'child_protection', endedAt: earlier }, null, ['STEP-1.not-current']],
    ['both start and end', 'universal', { level: 'looked_after', startedAt: earlier, endedAt: earlier }, null, ['STEP-1.start-or-end']],
    ['neither start nor end', 'universal', { level: 'looked_after' }, null, ['STEP-1.start-or-end']],
    ['in the future', 'universal', { level: 'looked_after', startedAt: new Date('2027-01-01T00:00:00Z') }, null, ['STEP-1.not-future']],
    ['already at that level', 'looked_after', { level: 'looked_after', startedAt: earlier }, null, ['STEP-1.already-current']],
  ])('%s', (_name, current, change, toLevel, rules) => {
    const { transition, breaks } = planExternalTransition(current, change, now);
    expect(breaks.map((b) => b.rule)).toEqual(rules);
    expect(transition?.toLevel ?? null).toBe(toLevel);
    if (transition) expect(transition.fromLevel).toBe(current);
  });
});
