import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { validateApprovalPolicy } from './approval-policy';
import { SPEC_CANNOT_STAND_ALONE, validateReasonCatalogue } from './decision-reasons';

const configDir = resolve(__dirname, '../../../../config');
const reasonsFile = () => parse(readFileSync(resolve(configDir, 'decision-reasons.yaml'), 'utf8'));
const approvalFile = () => parse(readFileSync(resolve(configDir, 'decision-approval.yaml'), 'utf8'));

describe('config/decision-reasons.yaml (SPEC DEC-3)', () => {
  it('the shipped file is valid and marks every DEC-3 reason as unable to stand alone', () => {
    const { catalogue, problems } = validateReasonCatalogue(reasonsFile());
    expect(problems).toEqual([]);
    for (const code of SPEC_CANNOT_STAND_ALONE) expect(catalogue!.byCode.get(code)?.cannotStandAlone).toBe(true);
    expect(catalogue!.byCode.get('insufficient_evidence')).toMatchObject({ cannotStandAlone: false, evidenceClaim: true });
    expect(catalogue!.byCode.get('already_open_to_social_care')).toMatchObject({ cannotStandAlone: false, evidenceClaim: false });
  });

  type Raw = { version?: unknown; reasons: Record<string, unknown>[]; [k: string]: unknown };
  it.each<[string, (raw: Raw) => unknown, RegExp]>([
    ['not a mapping', () => ['a'], /must be a mapping/],
    ['no version', (r) => ({ ...r, version: undefined }), /version: required/],
    ['an unknown top-level key', (r) => ({ ...r, reason: [] }), /unknown key "reason"/],
    ['no reasons', (r) => ({ ...r, reasons: [] }), /non-empty list/],
    ['a misspelt key on a reason', (r) => ({ ...r, reasons: [...r.reasons, { code: 'x_y', label: 'X', cannotStandalone: true }] }), /unknown key "cannotStandalone"/],
    ['a duplicate code', (r) => ({ ...r, reasons: [...r.reasons, { code: 'family_moved', label: 'Again', cannotStandAlone: true }] }), /appears twice/],
    ['a code that is not snake_case', (r) => ({ ...r, reasons: [...r.reasons, { code: 'Family Moved', label: 'X' }] }), /snake_case/],
    ['a missing label', (r) => ({ ...r, reasons: [...r.reasons, { code: 'no_label' }] }), /label: required/],
    ['a flag that is not a boolean', (r) => ({ ...r, reasons: [...r.reasons, { code: 'stringy', label: 'X', cannotStandAlone: 'yes' }] }), /must be true or false/],
    ['a DEC-3 code removed', (r) => ({ ...r, reasons: r.reasons.filter((x) => x.code !== 'perpetrator_in_custody') }), /"perpetrator_in_custody" is required/],
    ['a DEC-3 code unmarked', (r) => ({ ...r, reasons: r.reasons.map((x) => (x.code === 'child_presents_well' ? { ...x, cannotStandAlone: false } : x)) }), /"child_presents_well" must keep cannotStandAlone/],
    ['insufficient evidence no longer an evidence claim', (r) => ({ ...r, reasons: r.reasons.map((x) => (x.code === 'insufficient_evidence' ? { code: x.code, label: x.label } : x)) }), /must keep evidenceClaim/],
  ])('refuses %s', (_name, mutate, message) => {
    const { catalogue, problems } = validateReasonCatalogue(mutate(reasonsFile()));
    expect(catalogue).toBeUndefined();
    expect(problems.join('\n')).toMatch(message);
  });
});

describe('config/decision-approval.yaml (SPEC DEC-4, RAG-6)', () => {
  it('the shipped file is valid: every NFA, downgrade, override and CP step-down needs a manager', () => {
    const { policy, problems } = validateApprovalPolicy(approvalFile());
    expect(problems).toEqual([]);
    expect(policy!.requireApproval).toEqual({ everyNfa: true, everyDowngrade: true, everyOverride: true, stepDownWithCpIndicator: true });
    expect(policy!.preClosureWindow.outcomes).toEqual(['nfa', 'advice_signpost', 'early_help']);
    expect(policy!.downgrade.minimumOutcomeForGrade).toEqual({ RED: 'strategy_discussion', AMBER: 'cin_assessment' });
  });

  type Raw = Record<string, Record<string, unknown>>;
  it.each<[string, (raw: Raw) => unknown, RegExp]>([
    ['a misspelt switch', (r) => ({ ...r, requireApproval: { ...r.requireApproval, everyNFA: true } }), /requireApproval.everyNFA: unknown key/],
    ['a missing switch', (r) => ({ ...r, requireApproval: { everyNfa: true, everyDowngrade: true, everyOverride: true } }), /stepDownWithCpIndicator: must be true or false/],
    ['an unknown outcome', (r) => ({ ...r, preClosureWindow: { outcomes: ['close'] } }), /"close" is not an outcome/],
    ['an unknown grade', (r) => ({ ...r, downgrade: { minimumOutcomeForGrade: { PURPLE: 'nfa' } } }), /not a grade/],
    ['a level out of range', (r) => ({ ...r, downgrade: { minimumLevelForGrade: { RED: 5 } } }), /must be 1, 2, 3 or 4/],
    ['step-down outcomes not a list', (r) => ({ ...r, stepDownOutcomes: 'early_help' }), /stepDownOutcomes: must be a list/],
  ])('refuses %s', (_name, mutate, message) => {
    const { policy, problems } = validateApprovalPolicy(mutate(approvalFile()));
    expect(policy).toBeUndefined();
    expect(problems.join('\n')).toMatch(message);
  });
});
