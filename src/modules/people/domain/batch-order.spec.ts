import { Decided, independentRun, keyIndependentRun } from './batch-order';

describe('batch order (which contacts of a batch may share their statements)', () => {
  const member = (over: Partial<Decided> = {}): Decided => ({ keys: [], sounds: [], dobs: [], writtenDobs: [], compared: [], linksExisting: [], touched: [], ...over });
  const nobody = () => new Set<string>();

  it('runs on until the first contact sharing an identity key with an earlier one of the run', () => {
    expect(keyIndependentRun([{ keys: ['nhs:1'] }, { keys: ['dob:2019-03-02'] }, { keys: ['postcode:NE61AB', 'nhs:1'] }, { keys: [] }])).toBe(2);
    expect(keyIndependentRun([{ keys: ['nhs:1'] }, { keys: ['nhs:2'] }])).toBe(2);
    expect(keyIndependentRun([])).toBe(0);
  });

  it('stops before a contact whose search compared a person an earlier one links', () => {
    expect(independentRun([member({ linksExisting: ['p1'] }), member({ compared: ['p2'] }), member({ compared: ['p1'] })], nobody)).toBe(2);
  });

  it('stops before a surname that sounds like an earlier one with a date of birth a year out or transposed from one the earlier writes', () => {
    const earlier = member({ sounds: ['SM0'], writtenDobs: ['2015-03-07'] });
    expect(independentRun([earlier, member({ sounds: ['SM0', 'XMT'], dobs: ['2016-03-07'] })], nobody)).toBe(1);
    expect(independentRun([earlier, member({ sounds: ['SM0'], dobs: ['2015-07-03'] })], nobody)).toBe(1);
    // Sounding alike with nothing else near, or a near date under another name: below the candidate threshold.
    expect(independentRun([earlier, member({ sounds: ['SM0'], dobs: ['2011-01-20'] })], nobody)).toBe(2);
    expect(independentRun([earlier, member({ sounds: ['JNS'], dobs: ['2016-03-07'] })], nobody)).toBe(2);
    expect(independentRun([earlier, member({ sounds: ['SM0'] })], nobody)).toBe(2);
  });

  it('stops before a contact that writes to someone an earlier contact’s ledgers read, and asks only then', () => {
    const asked: number[] = [];
    const reach = (i: number) => (asked.push(i), new Set(i === 0 ? ['child', 'mother', 'sibling'] : []));
    expect(independentRun([member(), member({ touched: ['stranger'] }), member({ touched: ['mother', 'baby'] })], reach)).toBe(2);
    expect(asked).toEqual([0]);
    asked.length = 0;
    expect(independentRun([member(), member(), member()], reach)).toBe(3);
    expect(asked).toEqual([]);
  });
});
