import { defaultPublicReferralSource, defaultReferralSourceForAgency, mayUseChannel, referrerTypeForPublic, referrerTypeForRole } from './referrer-type';

describe('referrer type and referral source (SPEC INT-2, INT-10)', () => {
  it.each([
    ['referrer', 'professional'], ['police', 'police'], ['partner', 'partner'], ['mash_worker', 'mash_staff'], ['mash_manager', 'mash_staff'],
  ] as const)('role %s -> %s', (role, type) => expect(referrerTypeForRole(role)).toBe(type));

  it.each([
    [true, undefined, 'anonymous', '9'], [true, 'neighbour', 'neighbour', '9'], [false, 'relative', 'relative', '1A'], [false, 'neighbour', 'neighbour', '1B'],
    [false, 'self', 'self', '1C'], [false, 'other', 'other_public', '1D'], [false, undefined, 'other_public', '1D'], [true, 'other', 'anonymous', '9'],
  ] as const)('public anonymous=%s relationship=%s -> %s, source %s', (anonymous, relationship, type, source) => {
    expect(referrerTypeForPublic(anonymous, relationship)).toBe(type);
    expect(defaultPublicReferralSource(anonymous, type)).toBe(source);
  });

  it.each([
    ['school', 'professional', '2A'], ['health_gp', 'email', '3A'], ['health_visitor', 'professional', '3B'], ['police', 'professional', '6'],
    ['school', 'police_notification', '6'], ['early_help', 'early_help_step_up', '5D'], [null, 'professional', '10'], ['other', 'phone', '10'],
  ] as const)('agency %s, channel %s -> %s', (agency, channel, source) => expect(defaultReferralSourceForAgency(agency, channel)).toBe(source));

  it.each([
    ['police', 'police_notification', true], ['referrer', 'police_notification', false], ['mash_worker', 'police_notification', false],
    ['mash_worker', 'phone', true], ['mash_manager', 'out_of_hours', true], ['mash_worker', 'hospital_enquiry', true], ['referrer', 'phone', false],
    ['partner', 'early_help_step_up', true], ['referrer', 'early_help_step_up', false], ['referrer', 'professional', true], ['police', 'email', true],
  ] as const)('%s may use %s: %s', (role, channel, allowed) => expect(mayUseChannel(role, channel)).toBe(allowed));
});
