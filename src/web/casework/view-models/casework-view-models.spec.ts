import { caseErrors, lessonWords } from './case-errors';
import { decisionAnswers, decisionBody, decisionFields } from './decision';
import { conveneBody } from './strategy';
import { stepDownAnswers, stepDownBody } from './step-down';

describe('case pages: guard refusals in words, form answers to the API body', () => {
  it.each([
    ['DEC-3.sole-reason', 'reasonCodes', /"partner in custody".*Dudley review/],
    ['DEC-3.red-outcome', 'outcome', /A RED child needs a strategy discussion.*Isle of Wight/],
    ['DEC-3.insufficient-evidence', 'childSeenAlone', /seen alone.*Child Q/],
    ['DEC-3.insufficient-evidence', 'checksDone', /agency checks were done/],
    ['STR-3.evidence-not-shared', 'evidenceShared', /shared with the police.*Child Q/],
  ])('%s on %s names the case-review lesson', (rule, field, words) => {
    expect(lessonWords({ rule, field, message: 'api words' })).toMatch(words);
  });

  it('an unknown rule keeps the API words, with the field named as the page labels it; one message per input for plain validation', () => {
    const { errorSummary, errors } = caseErrors(
      [
        { field: 'riskHandover', rule: 'matches', message: 'riskHandover must not be blank' },
        { field: 'thresholdLevel', rule: 'isInt', message: 'thresholdLevel must be an integer' },
        { field: 'thresholdLevel', rule: 'isIn', message: 'thresholdLevel must be 1, 2, 3 or 4' },
      ],
      [{ field: 'riskHandover', input: 'riskHandover', label: 'Risk handover' }, { field: 'thresholdLevel', input: 'thresholdLevel', label: 'Threshold level' }],
    );
    expect(errorSummary).toEqual([
      { text: 'Risk handover must not be blank', href: '#riskHandover' },
      { text: 'Threshold level must be an integer', href: '#thresholdLevel' },
    ]);
    expect(errors.riskHandover).toEqual({ text: 'Risk handover must not be blank' });
  });

  it('the decision body takes the chosen outcome\'s revealed answers only, and an override only from a manager', () => {
    const a = decisionAnswers({
      outcome: 'advice_signpost', thresholdLevel: '1', rationale: 'r', historyReviewed: 'yes', reasonCodes: ['needs_met_by_universal_services', 'child_presents_well'],
      'riskAnalysis-nfa': 'typed under NFA first', 'riskAnalysis-advice_signpost': 'low', 'reasonsThresholdNotMet-advice_signpost': 'none', 'alternativeSupport-advice_signpost': 'Hub\n\nSchool nurse ',
      overrideReason: 'because', leadProfessionalName: 'Eli',
    });
    expect(decisionBody(a, false)).toMatchObject({
      outcome: 'advice_signpost', thresholdLevel: 1, historyReviewed: true, riskAnalysis: 'low', reasonsThresholdNotMet: 'none', alternativeSupport: ['Hub', 'School nurse'],
      reasonCodes: ['needs_met_by_universal_services', 'child_presents_well'], overrideReason: undefined, leadProfessional: undefined,
    });
    expect(decisionBody(a, true).overrideReason).toBe('because');
    expect(decisionFields('advice_signpost').find((f) => f.field === 'riskAnalysis')!.input).toBe('riskAnalysis-advice_signpost');
  });

  it('a meeting time is England\'s time (BST in summer, GMT in winter); a date that is not real is passed on for the API to refuse', () => {
    const at = (day: string, month: string) => conveneBody({ date: { day, month, year: '2027' }, time: '10:00', mode: 'phone', chair: 'c', agencies: [] }).scheduledAt;
    expect(at('1', '7')).toBe('2027-07-01T09:00:00Z');
    expect(at('1', '12')).toBe('2027-12-01T10:00:00Z');
    expect(at('31', '2')).toBe('2027-2-31T10:00');
  });

  it('a step-down with nothing typed leaves the plan empty and the lead professional unnamed, so the API names each missing field', () => {
    expect(stepDownBody('p', stepDownAnswers({}))).toEqual({
      personId: 'p', receivingAgencyId: undefined, leadProfessional: { name: undefined, email: undefined }, riskHandover: undefined, plan: { actions: [] }, reviewDate: undefined, overrideReason: undefined,
    });
  });
});
