import { canonicalJson } from './canonical-json';
import { eventHash, GENESIS_HASH, sealHash } from './hash-chain';

const event = {
  id: '6f1c2c1e-8a43-4a4e-9a52-111111111111', occurredAt: new Date('2026-11-20T10:00:00.123Z'), actorUserId: null, actorRole: 'system',
  actorAgencyId: null, action: 'contact.created', entityType: 'contact', entityId: 'c1', summary: { b: 1, a: { d: 2, c: 3 } }, requestId: null, ip: null,
};

describe('audit hash chain', () => {
  it('canonical JSON ignores key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { z: 1, y: 2 }] } })).toBe(canonicalJson({ a: { c: [3, { y: 2, z: 1 }], d: 2 }, b: 1 }));
  });

  it('an event hash is the one stored for the same event before (the sealer and the verifier recompute it)', () => {
    expect(eventHash(event)).toBe('414b9a7cc1ddd026a95245b755143d48bb48305ccb88b00e58e37c69b09ca11b');
  });

  it('an event hash changes when any field changes', () => {
    const base = eventHash(event);
    expect(eventHash({ ...event, summary: { a: { c: 3, d: 2 }, b: 1 } })).toBe(base);
    expect(eventHash({ ...event, summary: { b: 2, a: { d: 2, c: 3 } } })).not.toBe(base);
    expect(eventHash({ ...event, occurredAt: new Date('2026-11-20T10:00:00.124Z') })).not.toBe(base);
    expect(eventHash({ ...event, actorRole: 'admin' })).not.toBe(base);
  });

  const key = 'k'.repeat(32);

  it('a seal depends on the previous seal, its number and the order of its events', () => {
    const s1 = sealHash(key, GENESIS_HASH, 1, ['a', 'b']);
    expect(sealHash(key, GENESIS_HASH, 1, ['b', 'a'])).not.toBe(s1);
    expect(sealHash(key, GENESIS_HASH, 2, ['a', 'b'])).not.toBe(s1);
    expect(sealHash(key, s1, 2, ['c'])).not.toBe(sealHash(key, GENESIS_HASH, 2, ['c']));
  });

  it('a seal depends on the key: without it the same chain cannot be recomputed', () => {
    expect(sealHash('x'.repeat(32), GENESIS_HASH, 1, ['a'])).not.toBe(sealHash(key, GENESIS_HASH, 1, ['a']));
  });
});
