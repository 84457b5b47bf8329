import { EscalationConfig, nextStage, responseProblems, validateEscalationConfig } from './escalation';

const config: EscalationConfig = {
  version: 'v',
  procedureUrl: 'https://x.example/p',
  stages: [
    { key: 'team_manager', label: 'Team manager' },
    { key: 'service_manager', label: 'Service manager' },
    { key: 'head_of_service', label: 'Head of service' },
    { key: 'safeguarding_partnership', label: 'Partnership' },
  ],
  sweepEverySeconds: 30,
  professionalsMeeting: { criteria: ['drift', 'disagreement', 'parental_secrecy'], answerWithin: { workingDays: 2 } },
};

describe('escalation stages (ESC-1)', () => {
  it.each([
    [0, 'service_manager'],
    [1, 'head_of_service'],
    [2, 'safeguarding_partnership'],
    [3, null],
  ])('after stage %i comes %s', (index, key) => {
    expect(nextStage(config, index)?.stage.key ?? null).toBe(key);
  });

  it('rejects a configuration with a repeated stage, no procedure link or an unknown criterion', () => {
    const { problems } = validateEscalationConfig({
      ...config,
      procedureUrl: 'intranet',
      stages: [config.stages[0], config.stages[0]],
      professionalsMeeting: { criteria: ['gossip'], answerWithin: { workingDays: 0 } },
    });
    expect(problems).toEqual([
      'procedureUrl: an http(s) address is required',
      'stages[1].key: team_manager is used twice',
      'professionalsMeeting.criteria: some of drift, disagreement, parental_secrecy',
      'professionalsMeeting.answerWithin.workingDays: a number >= 1 is required',
    ]);
  });
});

describe('responses (ESC-1)', () => {
  const base = { outcome: 'not_upheld' as const, targetType: 'decision' as const, hasNewDecision: false, status: 'open' as const, responderDecidedTarget: false };
  it.each([
    [base, []],
    [{ ...base, outcome: 'changed' as const }, ['ESC-1.changed-needs-decision']],
    [{ ...base, outcome: 'changed' as const, hasNewDecision: true }, []],
    [{ ...base, hasNewDecision: true }, ['ESC-1.decision-only-when-changed']],
    [{ ...base, outcome: 'changed' as const, targetType: 'grade' as const }, []],
    [{ ...base, outcome: 'changed' as const, targetType: 'grade' as const, hasNewDecision: true }, ['ESC-1.decision-only-for-decisions']],
    [{ ...base, responderDecidedTarget: true }, ['ESC-1.independent-responder']],
  ])('%j breaks %j', (input, rules) => {
    expect(responseProblems(input).problems.map((p) => p.rule)).toEqual(rules);
  });

  it('an answered challenge is a conflict', () => {
    expect(responseProblems({ ...base, status: 'resolved' }).conflict).toBeDefined();
  });
});
