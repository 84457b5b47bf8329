import { checkAnswers, isAgreement, validateAuditForm } from './audit-form';
import { ageInYears, annexDate, annexGender, csvCell, csvLine, list1Line } from './annex-a';
import { suppress, suppressRate } from './board-pack';
import { drawSample, randomCount, SampleCandidate, SamplingConfig, seededRandom, validateSamplingConfig } from './sampling';

const config: SamplingConfig = { version: 't', randomShare: 0.05, always: { nfaWithAccumulationFlag: true, override: true, stepDownWithCpIndicator: true } };
const plain = (i: number): SampleCandidate => ({ decisionId: `d${String(i).padStart(3, '0')}`, outcome: 'cin_assessment', flagsAtDecision: [], overriddenRules: [], stepDownWithCpIndicator: false });

describe('audit sampling (MGT-1)', () => {
  it.each([
    [0, 0.05, 0],
    [1, 0.05, 1],
    [20, 0.05, 1],
    [21, 0.05, 2],
    [40, 0.05, 2],
    [100, 0.05, 5],
    [10, 0, 0],
    [3, 1, 3],
  ])('%i decisions at share %d draw %i at random', (total, share, expected) => {
    expect(randomCount(total, share)).toBe(expected);
  });

  it('the same seed draws the same numbers; another seed others', () => {
    const a = seededRandom('2026-10');
    const b = seededRandom('2026-10');
    const c = seededRandom('2026-11');
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  const candidates: SampleCandidate[] = [
    ...Array.from({ length: 40 }, (_, i) => plain(i)),
    { ...plain(100), outcome: 'nfa', flagsAtDecision: ['PPL-4.repeat-contacts'] },
    { ...plain(101), outcome: 'nfa', flagsAtDecision: [] },
    { ...plain(102), overriddenRules: ['DEC-3.red-outcome'] },
    { ...plain(103), outcome: 'early_help', stepDownWithCpIndicator: true },
    { ...plain(104), outcome: 'nfa', flagsAtDecision: ['PPL-4.frequent-mover'], overriddenRules: ['DEC-3.nfa-needs'] },
  ];

  it('always selects flagged NFAs, overrides and CP-indicator step-downs, plus the random share of all decisions', () => {
    const sample = drawSample(candidates, config, 'seed-1');
    const byId = new Map(sample.map((s) => [s.decisionId, s.reasons]));
    expect(byId.get('d100')).toEqual(['nfa_accumulation_flag']);
    expect(byId.get('d102')).toEqual(['override']);
    expect(byId.get('d103')).toEqual(['step_down_cp_indicator']);
    expect(byId.get('d104')).toEqual(['nfa_accumulation_flag', 'override']);
    expect(sample.filter((s) => s.reasons.includes('random'))).toHaveLength(3); // ceil(45 * 5%)
    expect(byId.has('d101') ? byId.get('d101') : ['random']).toEqual(['random']);
  });

  it('is reproducible with the seed and differs with another', () => {
    const one = drawSample(candidates, config, 'seed-1');
    expect(drawSample(candidates, config, 'seed-1')).toEqual(one);
    const others = ['a', 'b', 'c', 'd', 'e'].map((s) => drawSample(candidates, config, s).map((x) => x.decisionId).join());
    expect(new Set([one.map((x) => x.decisionId).join(), ...others]).size).toBeGreaterThan(1);
  });

  it('rules switched off select nothing by themselves', () => {
    const off = { ...config, randomShare: 0, always: { nfaWithAccumulationFlag: false, override: false, stepDownWithCpIndicator: false } };
    expect(drawSample(candidates, off, 'x')).toEqual([]);
  });

  it('rejects a bad sampling configuration naming the key', () => {
    expect(validateSamplingConfig({ version: 'v', randomShare: 2, always: { override: 'yes', extra: true } }).problems).toEqual([
      'randomShare: a number from 0 to 1 is required',
      'always.nfaWithAccumulationFlag: true or false is required',
      'always.override: true or false is required',
      'always.stepDownWithCpIndicator: true or false is required',
      'always.extra: unknown key',
    ]);
  });
});

describe('audit form (MGT-1)', () => {
  const { form } = validateAuditForm({
    version: 'f1',
    questions: [
      { id: 'gradeRight', text: 'Grade right?', type: 'yes_no', required: true },
      { id: 'decisionRight', text: 'Decision right?', type: 'yes_no', required: true },
      { id: 'childsVoice', text: 'Voice?', type: 'yes_no_na', required: true },
      { id: 'learning', text: 'Learning', type: 'text', required: false },
    ],
    agreement: ['gradeRight', 'decisionRight'],
  });

  it.each([
    [{ gradeRight: 'yes', decisionRight: 'no', childsVoice: 'not_applicable' }, []],
    [{ gradeRight: 'yes', decisionRight: 'no' }, ['answers.childsVoice MGT-1.required']],
    [{ gradeRight: 'maybe', decisionRight: 'no', childsVoice: 'yes' }, ['answers.gradeRight MGT-1.answer-value']],
    [{ gradeRight: 'yes', decisionRight: 'yes', childsVoice: 'not_applicable', other: 'x' }, ['answers.other MGT-1.unknown-question']],
    [{ gradeRight: 'yes', decisionRight: 'yes', childsVoice: 'no', learning: 7 }, ['answers.learning MGT-1.answer-value']],
  ])('answers %j give %j', (answers, expected) => {
    expect(checkAnswers(form!, answers).map((p) => `${p.field} ${p.rule}`)).toEqual(expected);
  });

  it('agreement needs every agreement question answered yes', () => {
    expect(isAgreement(form!, { gradeRight: 'yes', decisionRight: 'yes' })).toBe(true);
    expect(isAgreement(form!, { gradeRight: 'yes', decisionRight: 'no' })).toBe(false);
  });

  it('rejects a form whose agreement question is free text or missing', () => {
    expect(validateAuditForm({ version: 'x', questions: [{ id: 'a', text: 't', type: 'text', required: false }], agreement: ['a', 'b'] }).problems).toEqual([
      'agreement: a is a text question',
      'agreement: b is not a question',
    ]);
  });
});

describe('Annex A lines (MGT-3)', () => {
  it.each([
    ['2019-05-04', '2026-05-03', '6'],
    ['2019-05-04', '2026-05-04', '7'],
    ['2008-02-29', '2026-02-28', '17'],
    [null, '2026-01-01', ''],
  ])('born %s, on %s aged %s', (dob, on, age) => expect(ageInYears(dob, on)).toBe(age));

  it('formats dates and genders as the template', () => {
    expect(annexDate('2026-11-03')).toBe('03/11/2026');
    expect(['M', 'F', 'U'].map(annexGender)).toEqual(['a) Male', 'b) Female', 'c) Not stated/recorded']);
    expect(list1Line({ childId: 'c1', sex: 'F', dateOfBirth: '2020-01-02', expectedDeliveryDate: null, eventDate: '2026-11-03', source: '2A' })).toEqual([
      'c1', 'b) Female', 'NOBT', '02/01/2020', '6', '03/11/2026', '2A',
    ]);
  });

  it('quotes CSV cells and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvLine(['1', '2'])).toBe('1,2\r\n');
  });
});

describe('board pack suppression (MGT-3)', () => {
  it.each([
    [0, 0],
    [1, '<5'],
    [4, '<5'],
    [5, 5],
    [120, 120],
  ])('%i is shown as %s', (n, shown) => expect(suppress(n)).toBe(shown));

  it('a rate over a suppressed count is suppressed too', () => {
    expect(suppressRate(3, 50)).toBe('<5');
    expect(suppressRate(10, 40)).toBe(25);
    expect(suppressRate(0, 0)).toBeNull();
  });
});
