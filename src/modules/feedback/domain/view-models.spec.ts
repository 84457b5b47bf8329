import type { FeedbackSettings } from './feedback-settings';
import {
  agencyOutcomeView,
  isBelowThreshold,
  professionalAcknowledgementView,
  professionalOutcomeView,
  publicAcknowledgementView,
  publicOutcomeView,
} from './view-models';

const settings = {
  version: '1',
  team: { name: 'MASH', contactName: 'Jo Hughes', phone: '0163', email: 'mash@x.localhost', hours: '9-5' },
  outOfHours: 'EDT',
  challenge: { title: 'Escalation', url: 'https://x.localhost/e', version: 'v4' },
  howToAddInformation: { professional: 'Sign in', public: 'Use your token' },
  confidentialityStatement: 'Confidential',
  thresholdLevels: { 1: 'L1', 2: 'L2', 3: 'L3', 4: 'L4' },
  outcomes: { nfa: { label: 'NFA', next: 'None', public: 'No further action' }, strategy_discussion: { label: 'SD', next: 'Meeting', public: 'Taken forward' } },
  publicStatus: { inProgress: 'Looking', oneOfSeveral: '{{n}}/{{of}}' },
  subjects: {},
  delivery: { maxAttempts: 1, backoffSeconds: [1] },
} as FeedbackSettings;

const contact = { reference: 'MASH-2026-000042', receivedAt: new Date('2026-11-20T16:30:00Z') };
const child = { firstName: 'Amy', lastName: 'Smith', dateOfBirth: '2018-04-05', expectedDeliveryDate: null };
const nfa = { outcome: 'nfa', thresholdLevel: 1, rationale: 'Rationale text', reasonsThresholdNotMet: 'Not met because', alternativeSupport: [' Family Hub ', ''], decidedAt: contact.receivedAt };

describe('feedback view models (SPEC FB-2, FB-5)', () => {
  it('public views hold exactly these fields: no name, no case detail, no agency, no referrer', () => {
    expect(Object.keys(publicAcknowledgementView(settings, contact)).sort()).toEqual(['confidentialityStatement', 'howToReportMore', 'outOfHours', 'receivedAt', 'reference', 'team']);
    expect(Object.keys(publicOutcomeView(settings, contact, 'nfa')).sort()).toEqual(['confidentialityStatement', 'howToReportMore', 'outOfHours', 'outcomeText', 'reference', 'team']);
    expect(Object.keys(publicOutcomeView(settings, contact, 'nfa').team).sort()).toEqual(['email', 'hours', 'name', 'phone']); // no named person
  });

  it('an agency view has the child and the outcome, never reasons, support or the referrer', () => {
    const view = agencyOutcomeView(settings, contact, child, nfa, 'Hillview GP Practice');
    expect(Object.keys(view)).not.toEqual(expect.arrayContaining(['reasons']));
    expect(Object.keys(view).sort()).toEqual(['agencyName', 'challenge', 'child', 'decidedAt', 'howToAddInformation', 'outOfHours', 'outcome', 'reference', 'strategyDiscussionFollows', 'team', 'thresholdLevel']);
  });

  it('below threshold: the professional reasons are the reasons the threshold is not met, with the support', () => {
    const view = professionalOutcomeView(settings, contact, child, nfa, ' Rita ');
    expect(view).toMatchObject({ reasons: 'Not met because', belowThreshold: true, hasAlternativeSupport: true, alternativeSupport: ['Family Hub'], recipientName: 'Rita' });
    expect(view.child).toEqual({ name: 'Amy Smith', dateOfBirth: '5 April 2018' });
    expect(view.thresholdLevel).toEqual({ number: 1, label: 'L1' });
    expect(view.decidedAt).toBe('Friday 20 November 2026 at 16:30'); // Europe/London (GMT in November)
  });

  it('above threshold: the rationale, and whether a strategy discussion follows', () => {
    const view = professionalOutcomeView(settings, contact, child, { ...nfa, outcome: 'strategy_discussion', thresholdLevel: 4, alternativeSupport: [] }, null);
    expect(view).toMatchObject({ reasons: 'Rationale text', belowThreshold: false, hasAlternativeSupport: false, strategyDiscussionFollows: true, recipientName: null });
  });

  it('an unborn child is named as such, with the expected date', () => {
    const view = agencyOutcomeView(settings, contact, { firstName: null, lastName: 'Smith', dateOfBirth: null, expectedDeliveryDate: '2027-01-10' }, nfa, 'GP');
    expect(view.child).toEqual({ name: 'Smith (unborn, expected 10 January 2027)', dateOfBirth: null });
  });

  it('times are in Europe/London (BST in summer)', () => {
    expect(professionalAcknowledgementView(settings, { ...contact, receivedAt: new Date('2026-07-01T08:05:00Z') }, null).receivedAt).toBe('Wednesday 1 July 2026 at 09:05');
  });

  it.each([
    ['nfa', 1, true],
    ['advice_signpost', 1, true],
    ['early_help', 2, true],
    ['cin_assessment', 3, false],
    ['existing_case', 2, true], // level 2 is below the statutory threshold whatever the outcome
    ['strategy_discussion', 4, false],
  ])('isBelowThreshold(%s, level %i) = %s', (outcome, thresholdLevel, below) => {
    expect(isBelowThreshold({ outcome, thresholdLevel })).toBe(below);
  });
});
