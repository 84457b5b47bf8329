import { FeedbackSettingsError, parseFeedbackSettings } from './feedback-settings';
import { TEMPLATE_SLOTS } from './feedback-vocabulary';

const OUTCOMES = ['nfa', 'cin_assessment'];

function valid(): Record<string, unknown> {
  return {
    version: '1',
    team: { name: 'MASH', contactName: 'Jo', phone: '0163', email: 'mash@x.localhost', hours: '9-5' },
    outOfHours: 'Call EDT',
    challenge: { title: 'Escalation', url: 'https://x.localhost/escalation', version: 'v1' },
    howToAddInformation: { professional: 'Sign in', public: 'Use your token' },
    confidentialityStatement: 'Confidential',
    thresholdLevels: { 1: 'One', 2: 'Two', 3: 'Three', 4: 'Four' },
    outcomes: { nfa: { label: 'NFA', next: 'Nothing', public: 'No action' }, cin_assessment: { label: 'CIN', next: 'Assessment', public: 'Taken forward' } },
    publicStatus: { inProgress: 'Looking at it', oneOfSeveral: 'Child {{n}} of {{of}}:' },
    subjects: { professional: { acknowledgement: 'a', outcome: 'b' }, public: { acknowledgement: 'c', outcome: 'd' }, involved_agency: { outcome: 'e' } },
    delivery: { maxAttempts: 3, backoffSeconds: [60, 300] },
  };
}

describe('parseFeedbackSettings (fail fast on a bad feedback.yaml)', () => {
  it('accepts a complete configuration', () => {
    const settings = parseFeedbackSettings(valid(), OUTCOMES, TEMPLATE_SLOTS);
    expect(settings.thresholdLevels).toEqual({ 1: 'One', 2: 'Two', 3: 'Three', 4: 'Four' });
    expect(settings.delivery).toEqual({ maxAttempts: 3, backoffSeconds: [60, 300] });
    expect(settings.subjects.involved_agency.outcome).toBe('e');
  });

  /** Sets (or, with undefined, removes) the value at a dotted path of the configuration. */
  function change(config: Record<string, unknown>, path: string, value: unknown): void {
    const keys = path.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce((node, key) => node[key] as Record<string, unknown>, config);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }

  it.each<[string, string, unknown, string]>([
    ['the named contact missing', 'team.contactName', undefined, 'team.contactName: must be a non-empty text'],
    ['a challenge link that is not a link', 'challenge.url', 'see intranet', 'challenge.url: must be an http(s) link'],
    ['the challenge version missing', 'challenge.version', ' ', 'challenge.version: must be a non-empty text'],
    ['words for an outcome missing', 'outcomes.cin_assessment', undefined, 'outcomes.cin_assessment: must be a mapping'],
    ['the public words of an outcome missing', 'outcomes.nfa.public', undefined, 'outcomes.nfa.public: must be a non-empty text'],
    ['a threshold level missing', 'thresholdLevels.4', undefined, 'thresholdLevels.4: must be a non-empty text'],
    ['a subject line missing', 'subjects.public.outcome', undefined, 'subjects.public.outcome: must be a non-empty text'],
    ['no attempts', 'delivery.maxAttempts', 0, 'delivery.maxAttempts: must be a whole number from 1 to 50'],
    ['a negative backoff', 'delivery.backoffSeconds', [60, -1], 'delivery.backoffSeconds: must be a list of positive numbers'],
    ['a per-child prefix without the numbers', 'publicStatus.oneOfSeveral', 'Child: ', 'publicStatus.oneOfSeveral: must contain {{n}} and {{of}}'],
  ])('refuses %s, naming it', (_, path, value, message) => {
    const config = valid();
    change(config, path, value);
    expect(() => parseFeedbackSettings(config, OUTCOMES, TEMPLATE_SLOTS)).toThrow(FeedbackSettingsError);
    expect(() => parseFeedbackSettings(config, OUTCOMES, TEMPLATE_SLOTS)).toThrow(message);
  });

  it('names every problem at once', () => {
    expect(() => parseFeedbackSettings({}, OUTCOMES, TEMPLATE_SLOTS)).toThrow(/team: must be a mapping[\s\S]*delivery.maxAttempts/);
  });
});
