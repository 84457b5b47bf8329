import { parseRetentionPolicy } from './retention-policy';

const valid = {
  version: 'v1', sweepEverySeconds: 3600, batchSize: 100,
  recordTypes: {
    contacts_nfa: { keep: { years: 6 }, from: 'closure' },
    referrals: { keep: { years: 25 }, from: 'child_date_of_birth' },
    strategy_records: { keep: { years: 25 }, from: 'child_date_of_birth' },
    step_downs: { keep: { years: 1, months: 6 }, from: 'closure' },
    feedback: { keep: { months: 18 }, from: 'sent' },
  },
};

describe('retention policy (SPEC SEC-5, config/retention.yaml)', () => {
  it('reads a period per record type in months, counted from a named date', () => {
    const { policy, problems } = parseRetentionPolicy(valid);
    expect(problems).toEqual([]);
    expect(policy!.rules.contacts_nfa).toEqual({ keepMonths: 72, from: 'closure' });
    expect(policy!.rules.step_downs).toEqual({ keepMonths: 18, from: 'closure' });
    expect(policy!.rules.feedback).toEqual({ keepMonths: 18, from: 'sent' });
  });

  it.each([
    [{ ...valid, batchSize: 0 }, 'batchSize: must be a whole number from 1 to 5000'],
    [{ ...valid, recordTypes: { ...valid.recordTypes, referrals: undefined } }, 'recordTypes.referrals: is required (keep and from)'],
    [{ ...valid, recordTypes: { ...valid.recordTypes, sessions_x: { keep: { years: 1 }, from: 'closure' } } }, 'recordTypes.sessions_x: is not a record type'],
    [{ ...valid, recordTypes: { ...valid.recordTypes, contacts_nfa: { keep: { days: 3 }, from: 'closure' } } }, 'recordTypes.contacts_nfa.keep.days: only years and months are allowed'],
    [{ ...valid, recordTypes: { ...valid.recordTypes, contacts_nfa: { keep: {}, from: 'closure' } } }, 'recordTypes.contacts_nfa.keep: must be at least one month'],
    [{ ...valid, recordTypes: { ...valid.recordTypes, feedback: { keep: { years: 1 }, from: 'closure' } } }, 'recordTypes.feedback.from: must be one of sent'],
    [{ ...valid, recordTypes: { ...valid.recordTypes, referrals: { keep: { years: -1 }, from: 'child_date_of_birth' } } }, 'recordTypes.referrals.keep.years: must be a whole number from 0 to 150'],
  ])('names the field and rule of a bad file (%#)', (raw, problem) => {
    const { policy, problems } = parseRetentionPolicy(raw);
    expect(policy).toBeUndefined();
    expect(problems.join('\n')).toContain(problem);
  });
});
