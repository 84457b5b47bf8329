import { applyOverride, StepDownFacts, stepDownBlocks } from './step-down-blocks';

const now = new Date('2026-11-20T12:00:00Z');
const clean: StepDownFacts = { pregnancyKnown: false, preBirthAssessmentDecided: false, plansEndedAt: [], unresolvedAllegationsAt: [], sexualAbuseConcern: false };
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe('STEP-3 blocks', () => {
  it.each<[string, Partial<StepDownFacts>, string[]]>([
    ['nothing known', {}, []],
    ['pregnancy with no pre-birth assessment (Q 8.8)', { pregnancyKnown: true }, ['STEP-3.pregnancy']],
    ['pregnancy with a pre-birth assessment decision', { pregnancyKnown: true, preBirthAssessmentDecided: true }, []],
    ['CP plan ended 11 months ago', { plansEndedAt: [daysAgo(335)] }, ['STEP-3.cp-ended-recently']],
    ['CP plan ended 13 months ago', { plansEndedAt: [daysAgo(400)] }, []],
    ['allegation 89 days ago, no decision', { unresolvedAllegationsAt: [daysAgo(89)] }, ['STEP-3.unresolved-allegation']],
    ['allegation 91 days ago, no decision', { unresolvedAllegationsAt: [daysAgo(91)] }, []],
    ['sexual abuse concern', { sexualAbuseConcern: true }, ['STEP-3.sexual-abuse']],
    ['all four', { pregnancyKnown: true, plansEndedAt: [daysAgo(10)], unresolvedAllegationsAt: [daysAgo(1)], sexualAbuseConcern: true },
      ['STEP-3.pregnancy', 'STEP-3.cp-ended-recently', 'STEP-3.unresolved-allegation', 'STEP-3.sexual-abuse']],
  ])('%s', (_name, facts, rules) => {
    expect(stepDownBlocks({ ...clean, ...facts }, now).map((f) => f.rule)).toEqual(rules);
  });
});

describe('STEP-3 senior-manager override', () => {
  const all = stepDownBlocks({ ...clean, pregnancyKnown: true, plansEndedAt: [daysAgo(10)], unresolvedAllegationsAt: [daysAgo(1)], sexualAbuseConcern: true }, now);
  const threeOverridable = all.filter((f) => f.rule !== 'STEP-3.sexual-abuse');

  it.each<[string, { reason: string | null; seniorManager: boolean }, string[], string[]]>([
    ['a senior manager with a reason lifts the first three', { reason: 'Midwife and HV plan in place', seniorManager: true }, [], ['STEP-3.pregnancy', 'STEP-3.cp-ended-recently', 'STEP-3.unresolved-allegation']],
    ['a senior manager without a reason lifts nothing', { reason: '  ', seniorManager: true }, ['STEP-3.pregnancy', 'STEP-3.cp-ended-recently', 'STEP-3.unresolved-allegation'], []],
    ['a worker with a reason lifts nothing', { reason: 'I think so', seniorManager: false }, ['STEP-3.pregnancy', 'STEP-3.cp-ended-recently', 'STEP-3.unresolved-allegation'], []],
  ])('%s', (_name, override, blocking, overridden) => {
    const verdict = applyOverride(threeOverridable, override);
    expect(verdict.blocking.map((f) => f.rule)).toEqual(blocking);
    expect(verdict.overridden).toEqual(overridden);
  });

  it('never lifts the sexual abuse block, not even for a senior manager with a reason', () => {
    const verdict = applyOverride(all, { reason: 'Senior manager decision', seniorManager: true });
    expect(verdict.blocking.map((f) => f.rule)).toEqual(['STEP-3.sexual-abuse']);
  });
});
