import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { validateApprovalPolicy } from './approval-policy';
import { validateReasonCatalogue } from './decision-reasons';
import { ApprovalReason, DecisionGuardInput, evaluateDecisionGuards, GUARD_RULES, GuardConfig, OVERRIDABLE_RULES, validateDecisionInput } from './decision-guards';

const configDir = resolve(__dirname, '../../../../config');
const reasons = validateReasonCatalogue(parse(readFileSync(resolve(configDir, 'decision-reasons.yaml'), 'utf8'))).catalogue!;
const policy = validateApprovalPolicy(parse(readFileSync(resolve(configDir, 'decision-approval.yaml'), 'utf8'))).policy!;
const config: GuardConfig = { reasons, policy };

/** A GREEN child stepped down to early help, every box ticked: no guard fires, no approval needed. */
const clean: DecisionGuardInput = {
  grade: 'GREEN',
  outcome: 'early_help',
  thresholdLevel: 2,
  rationale: 'Needs can be met by early help; lead professional named',
  historyReviewed: true,
  reasonCodes: ['needs_met_by_early_help'],
  referrerSaidChildProtection: false,
  accumulationFlags: [],
  cpIndicatorEverRecorded: false,
  outstandingRequiredChecks: [],
  actorIsManager: false,
  preClosureWindow: false,
};
const cleanNfa: DecisionGuardInput = {
  ...clean,
  outcome: 'nfa',
  thresholdLevel: 1,
  riskAnalysis: 'No indicators of harm; protective factors in place',
  reasonsThresholdNotMet: 'Universal services meet the needs identified',
  alternativeSupport: ['Parenting course at the family hub'],
  reasonCodes: ['needs_met_by_universal_services'],
};
const cleanAdvice: DecisionGuardInput = { ...cleanNfa, outcome: 'advice_signpost' };
const cleanEvidenceNfa: DecisionGuardInput = { ...cleanNfa, reasonCodes: ['insufficient_evidence'], childSeenAlone: 'yes', checksDone: true, strategyDiscussionConsidered: true };
const cleanRed: DecisionGuardInput = { ...clean, grade: 'RED', outcome: 'strategy_discussion', thresholdLevel: 4, reasonCodes: [] };
const cleanAmber: DecisionGuardInput = { ...clean, grade: 'AMBER', outcome: 'cin_assessment', thresholdLevel: 3, reasonCodes: [] };
const gpOutstanding = [{ checkType: 'gp', scope: 'subject:11111111-1111-1111-1111-111111111111', requiredBy: 'CHK-2' }];

describe('decision guards (SPEC DEC-3, DEC-6, CHK-4)', () => {
  it.each<[string, DecisionGuardInput]>([
    ['GREEN early help', clean],
    ['GREEN NFA with analysis, reasons and support', cleanNfa],
    ['advice and signpost with analysis, reasons and support', cleanAdvice],
    ['NFA "insufficient evidence" with child seen alone, checks done, strategy considered', cleanEvidenceNfa],
    ['NFA "insufficient evidence", child not seen alone with the reason why', { ...cleanEvidenceNfa, childSeenAlone: 'no', childSeenAloneWhyNot: 'Child is 4 months old' }],
    ['RED strategy discussion', cleanRed],
    ['RED immediate protection', { ...cleanRed, outcome: 'immediate_protection' }],
    ['AMBER s17 assessment', cleanAmber],
    ['AMBER early help is not a RED-outcome break', { ...cleanAmber, outcome: 'early_help', thresholdLevel: 2, reasonCodes: ['needs_met_by_early_help'] }],
    ['a non-standalone reason next to a substantive one', { ...cleanNfa, reasonCodes: ['perpetrator_in_custody', 'needs_met_by_universal_services'] }],
    ['a non-standalone reason alone on a higher outcome (s17)', { ...cleanAmber, reasonCodes: ['parent_engaging_with_services'] }],
    ['referrer said CP and the decision is strategy discussion', { ...cleanRed, referrerSaidChildProtection: true }],
    ['referrer said CP, lower decision answers it', { ...clean, referrerSaidChildProtection: true, referrerDisagreementAddressed: 'Checks show the bruise was seen by the GP and explained' }],
    ['GREEN with a check outstanding (CHK-4 is for RED and AMBER)', { ...clean, outstandingRequiredChecks: gpOutstanding }],
  ])('passes: %s', (_name, input) => {
    expect(evaluateDecisionGuards(input, config).violations).toEqual([]);
  });

  it.each<[string, DecisionGuardInput, string, string]>([
    ['RED child, early help (IOW 2.7)', { ...cleanRed, outcome: 'early_help', thresholdLevel: 2, reasonCodes: ['needs_met_by_early_help'] }, 'DEC-3.red-outcome', 'outcome'],
    ['RED child, s17 assessment', { ...cleanRed, outcome: 'cin_assessment', thresholdLevel: 3 }, 'DEC-3.red-outcome', 'outcome'],
    ['RED child, existing case', { ...cleanRed, outcome: 'existing_case', thresholdLevel: 3 }, 'DEC-3.red-outcome', 'outcome'],
    ['NFA without risk analysis', { ...cleanNfa, riskAnalysis: null }, 'DEC-3.nfa-needs-risk-analysis', 'riskAnalysis'],
    ['NFA with a blank risk analysis', { ...cleanNfa, riskAnalysis: '   ' }, 'DEC-3.nfa-needs-risk-analysis', 'riskAnalysis'],
    ['advice without risk analysis', { ...cleanAdvice, riskAnalysis: undefined }, 'DEC-3.nfa-needs-risk-analysis', 'riskAnalysis'],
    ['NFA without reasons the threshold is not met', { ...cleanNfa, reasonsThresholdNotMet: '' }, 'DEC-3.nfa-needs-reasons', 'reasonsThresholdNotMet'],
    ['advice without reasons the threshold is not met', { ...cleanAdvice, reasonsThresholdNotMet: null }, 'DEC-3.nfa-needs-reasons', 'reasonsThresholdNotMet'],
    ['NFA without alternative support', { ...cleanNfa, alternativeSupport: [] }, 'DEC-3.nfa-needs-alternative-support', 'alternativeSupport'],
    ['NFA with only blank alternative support', { ...cleanNfa, alternativeSupport: [' '] }, 'DEC-3.nfa-needs-alternative-support', 'alternativeSupport'],
    ['advice without alternative support', { ...cleanAdvice, alternativeSupport: undefined }, 'DEC-3.nfa-needs-alternative-support', 'alternativeSupport'],
    ['"insufficient evidence", no child-seen-alone answer (Q F2)', { ...cleanEvidenceNfa, childSeenAlone: null }, 'DEC-3.insufficient-evidence', 'childSeenAlone'],
    ['"insufficient evidence", not seen alone and no reason why', { ...cleanEvidenceNfa, childSeenAlone: 'no', childSeenAloneWhyNot: ' ' }, 'DEC-3.insufficient-evidence', 'childSeenAloneWhyNot'],
    ['"insufficient evidence", checks not done', { ...cleanEvidenceNfa, checksDone: false }, 'DEC-3.insufficient-evidence', 'checksDone'],
    ['"insufficient evidence", strategy discussion not considered', { ...cleanEvidenceNfa, strategyDiscussionConsidered: null }, 'DEC-3.insufficient-evidence', 'strategyDiscussionConsidered'],
    ['"not substantiated after checks", checks not done', { ...cleanEvidenceNfa, reasonCodes: ['concern_not_substantiated_after_checks'], checksDone: false }, 'DEC-3.insufficient-evidence', 'checksDone'],
    ['NFA whose only reason is perpetrator in custody (DUD 5.13)', { ...cleanNfa, reasonCodes: ['perpetrator_in_custody'] }, 'DEC-3.sole-reason', 'reasonCodes'],
    ['NFA resting on two reasons that cannot stand alone', { ...cleanNfa, reasonCodes: ['parents_separated', 'victim_retracted'] }, 'DEC-3.sole-reason', 'reasonCodes'],
    ['early help because the mother is engaging (DUD 5.18)', { ...clean, reasonCodes: ['parent_engaging_with_services'] }, 'DEC-3.sole-reason', 'reasonCodes'],
    ['advice because the child presents well', { ...cleanAdvice, reasonCodes: ['child_presents_well'] }, 'DEC-3.sole-reason', 'reasonCodes'],
    ['NFA with no reason code at all', { ...cleanNfa, reasonCodes: [] }, 'DEC-3.sole-reason', 'reasonCodes'],
    ['history not reviewed', { ...clean, historyReviewed: false }, 'DEC-3.history-reviewed', 'historyReviewed'],
    ['referrer said CP, lower decision does not answer it', { ...clean, referrerSaidChildProtection: true }, 'DEC-6.referrer-disagreement', 'referrerDisagreementAddressed'],
    ['referrer said CP, s17 with a blank answer', { ...cleanAmber, referrerSaidChildProtection: true, referrerDisagreementAddressed: '  ' }, 'DEC-6.referrer-disagreement', 'referrerDisagreementAddressed'],
    ['AMBER with the GP check outstanding (DUD 7.5)', { ...cleanAmber, outstandingRequiredChecks: gpOutstanding }, 'CHK-4.outstanding-check', 'checks'],
    ['RED with a police check outstanding', { ...cleanRed, outstandingRequiredChecks: [{ checkType: 'police', scope: 'household_member:x', requiredBy: 'CHK-5' }] }, 'CHK-4.outstanding-check', 'checks'],
  ])('fails: %s -> %s', (_name, input, rule, field) => {
    const { violations } = evaluateDecisionGuards(input, config);
    expect(violations.map((v) => [v.rule, v.field])).toEqual([[rule, field]]);
    expect(violations[0].message.length).toBeGreaterThan(10);
  });

  it('reports every broken guard at once, each with its field', () => {
    const { violations } = evaluateDecisionGuards({ ...cleanNfa, grade: 'RED', riskAnalysis: null, alternativeSupport: [], historyReviewed: false, reasonCodes: ['family_moved'] }, config);
    expect(violations.map((v) => v.rule)).toEqual(['DEC-3.red-outcome', 'DEC-3.nfa-needs-risk-analysis', 'DEC-3.nfa-needs-alternative-support', 'DEC-3.sole-reason', 'DEC-3.history-reviewed']);
  });

  it('one CHK-4 detail per outstanding check', () => {
    const checks = [...gpOutstanding, { checkType: 'adult_mental_health', scope: 'contact', requiredBy: 'CHK-3' }];
    const { violations } = evaluateDecisionGuards({ ...cleanAmber, outstandingRequiredChecks: checks }, config);
    expect(violations.map((v) => v.rule)).toEqual(['CHK-4.outstanding-check', 'CHK-4.outstanding-check']);
    expect(violations[1].message).toContain('adult_mental_health');
  });
});

describe('manager override (SPEC DEC-3: every DEC-3 guard, with a reason, listed in the register)', () => {
  const redEarlyHelp: DecisionGuardInput = { ...cleanRed, outcome: 'early_help', thresholdLevel: 2, reasonCodes: ['needs_met_by_early_help'] };

  it('every DEC-3 guard is overridable; CHK-4 (waive the check instead) and DEC-6 are not', () => {
    expect([...OVERRIDABLE_RULES].sort()).toEqual(GUARD_RULES.filter((r) => r.startsWith('DEC-3.')).sort());
  });

  it('a manager with a reason turns the violation into an override, which itself needs another manager', () => {
    const result = evaluateDecisionGuards({ ...redEarlyHelp, actorIsManager: true, overrideReason: 'Police confirm father in custody; early help starts today' }, config);
    expect(result.violations).toEqual([]);
    expect(result.overrides.map((o) => o.rule)).toEqual(['DEC-3.red-outcome']);
    expect(result.needsApproval.map((n) => n.reason)).toEqual(expect.arrayContaining(['DEC-4.override', 'DEC-4.downgrade']));
    expect(result.approvalsRequired).toBe(1);
  });

  it.each<[string, DecisionGuardInput]>([
    ['a worker cannot override', { ...redEarlyHelp, actorIsManager: false, overrideReason: 'Because' }],
    ['a manager without a reason cannot override', { ...redEarlyHelp, actorIsManager: true, overrideReason: '  ' }],
  ])('%s', (_name, input) => {
    const result = evaluateDecisionGuards(input, config);
    expect(result.violations.map((v) => v.rule)).toEqual(['DEC-3.red-outcome']);
    expect(result.overrides).toEqual([]);
  });

  it('an override does not clear an outstanding check (CHK-4) nor the referrer answer (DEC-6)', () => {
    const result = evaluateDecisionGuards(
      { ...redEarlyHelp, outstandingRequiredChecks: gpOutstanding, referrerSaidChildProtection: true, actorIsManager: true, overrideReason: 'Reason' },
      config,
    );
    expect(result.violations.map((v) => v.rule)).toEqual(['DEC-6.referrer-disagreement', 'CHK-4.outstanding-check']);
    expect(result.overrides.map((v) => v.rule)).toEqual(['DEC-3.red-outcome']);
  });

  it('an override reason with nothing to override records no override', () => {
    const result = evaluateDecisionGuards({ ...clean, actorIsManager: true, overrideReason: 'Just in case' }, config);
    expect(result.overrides).toEqual([]);
    expect(result.needsApproval).toEqual([]);
  });
});

describe('approval (SPEC DEC-4, DEC-3 accumulation flag, RAG-6)', () => {
  it.each<[string, DecisionGuardInput, ApprovalReason[]]>([
    ['GREEN early help: none', clean, []],
    ['RED strategy discussion: none', cleanRed, []],
    ['AMBER s17: none', cleanAmber, []],
    ['every NFA', cleanNfa, ['DEC-4.nfa']],
    ['AMBER stepped down to early help is a downgrade', { ...cleanAmber, outcome: 'early_help', thresholdLevel: 2, reasonCodes: ['needs_met_by_early_help'] }, ['DEC-4.downgrade']],
    ['AMBER s17 recorded at level 2 is a downgrade', { ...cleanAmber, thresholdLevel: 2 }, ['DEC-4.downgrade']],
    ['superseding s17 with early help is a downgrade', { ...clean, supersedesOutcome: 'cin_assessment' }, ['DEC-4.downgrade']],
    ['superseding early help with s17 is not', { ...cleanAmber, supersedesOutcome: 'early_help' }, []],
    ['step-down of a child once on a CP plan', { ...clean, cpIndicatorEverRecorded: true }, ['DEC-4.step-down-cp-indicator']],
    ['s17 of a child once on a CP plan: none', { ...cleanAmber, cpIndicatorEverRecorded: true }, []],
    ['GREEN with an accumulation flag', { ...clean, accumulationFlags: ['PPL-4.repeat-contacts'] }, ['DEC-3.accumulation-flag']],
    ['NFA with an accumulation flag', { ...cleanNfa, accumulationFlags: ['PPL-4.recontact-after-closure'] }, ['DEC-4.nfa', 'DEC-3.accumulation-flag']],
    ['AMBER s17 with an accumulation flag: none', { ...cleanAmber, accumulationFlags: ['PPL-4.repeat-contacts'] }, []],
    ['step-down in the pre-closure window', { ...clean, preClosureWindow: true }, ['RAG-6.pre-closure']],
    ['s17 in the pre-closure window: none', { ...cleanAmber, preClosureWindow: true }, []],
  ])('%s', (_name, input, reasonsExpected) => {
    expect(evaluateDecisionGuards(input, config).needsApproval.map((n) => n.reason)).toEqual(reasonsExpected);
  });

  it('the pre-closure window needs two managers besides a deciding worker, one besides a deciding manager', () => {
    const byWorker = evaluateDecisionGuards({ ...cleanNfa, preClosureWindow: true }, config);
    expect(byWorker).toMatchObject({ requiresSecondManager: true, approvalsRequired: 2 });
    const byManager = evaluateDecisionGuards({ ...cleanNfa, preClosureWindow: true, actorIsManager: true }, config);
    expect(byManager).toMatchObject({ requiresSecondManager: true, approvalsRequired: 1 });
    expect(evaluateDecisionGuards(cleanNfa, config)).toMatchObject({ requiresSecondManager: false, approvalsRequired: 1 });
    expect(evaluateDecisionGuards(clean, config)).toMatchObject({ requiresSecondManager: false, approvalsRequired: 0 });
  });

  it('the DEC-4 switches come from configuration', () => {
    const relaxed = { ...config, policy: { ...policy, requireApproval: { ...policy.requireApproval, everyNfa: false } } };
    expect(evaluateDecisionGuards(cleanNfa, relaxed).needsApproval).toEqual([]);
  });
});

describe('decision input vocabulary (400 before any guard)', () => {
  it('accepts a good input', () => {
    expect(validateDecisionInput(cleanNfa, reasons)).toEqual([]);
  });

  it.each<[string, Partial<DecisionGuardInput>, string]>([
    ['unknown outcome', { outcome: 'information_only' as never }, 'outcome'],
    ['level 5', { thresholdLevel: 5 as never }, 'thresholdLevel'],
    ['blank rationale', { rationale: ' ' }, 'rationale'],
    ['unknown reason code', { reasonCodes: ['needs_met_by_universal_services', 'mum_seems_fine'] }, 'reasonCodes[1]'],
    ['child seen alone "maybe"', { childSeenAlone: 'maybe' as never }, 'childSeenAlone'],
    ['unknown grade', { grade: 'BLUE' as never }, 'grade'],
  ])('%s', (_name, change, field) => {
    expect(validateDecisionInput({ ...cleanNfa, ...change }, reasons).map((d) => d.field)).toEqual([field]);
  });
});
