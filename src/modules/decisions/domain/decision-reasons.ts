/**
 * The coded reasons a decision form offers (config/decision-reasons.yaml), next to free text. The
 * sole-reason guard (DEC-3) works on these codes, never on guessing free text. Pure: the caller reads
 * the file; this validates what it parsed.
 */

export interface DecisionReason {
  code: string;
  label: string;
  /** DEC-3: may support a lower outcome but never be its only reason. */
  cannotStandAlone: boolean;
  /** Claims that something was investigated ("insufficient evidence"): DEC-3 asks what was done (Q F2). */
  evidenceClaim: boolean;
}

export interface ReasonCatalogue {
  version: string;
  reasons: DecisionReason[];
  byCode: ReadonlyMap<string, DecisionReason>;
}

/**
 * The reasons SPEC DEC-3 names as never enough on their own (TRI 4.2.5, DUD 5.13-5.18, TRI 4.1,
 * TRI 5.2.3). A local authority may relabel them and add codes, but may not drop these or unmark
 * them: that would switch a safeguarding guard off by editing a file.
 */
export const SPEC_CANNOT_STAND_ALONE = [
  'perpetrator_in_custody',
  'perpetrator_left',
  'parents_separated',
  'victim_retracted',
  'family_moved',
  'parent_engaging_with_services',
  'child_presents_well',
  'improved_school_attendance',
] as const;

/** The "insufficient evidence" claim Q F2 is about; it must stay an evidence claim. */
export const SPEC_EVIDENCE_CLAIMS = ['insufficient_evidence'] as const;

const CODE = /^[a-z][a-z0-9_]{1,62}$/;
const REASON_KEYS = new Set(['code', 'label', 'cannotStandAlone', 'evidenceClaim', 'source']);

export function validateReasonCatalogue(raw: unknown): { catalogue?: ReasonCatalogue; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(raw)) return { problems: ['the file must be a mapping with "version" and "reasons"'] };
  for (const key of Object.keys(raw)) if (key !== 'version' && key !== 'reasons') problems.push(`unknown key "${key}"`);
  const version = raw.version;
  if (typeof version !== 'string' && typeof version !== 'number') problems.push('version: required (a string such as "2026-1")');
  if (!Array.isArray(raw.reasons) || raw.reasons.length === 0) {
    problems.push('reasons: must be a non-empty list');
    return { problems };
  }
  const reasons: DecisionReason[] = [];
  const seen = new Set<string>();
  raw.reasons.forEach((entry: unknown, i: number) => {
    const at = `reasons[${i}]`;
    if (!isRecord(entry)) return void problems.push(`${at}: must be a mapping`);
    for (const key of Object.keys(entry)) if (!REASON_KEYS.has(key)) problems.push(`${at}: unknown key "${key}"`);
    const { code, label, cannotStandAlone = false, evidenceClaim = false } = entry;
    if (typeof code !== 'string' || !CODE.test(code)) problems.push(`${at}.code: must be snake_case letters, digits and _`);
    else if (seen.has(code)) problems.push(`${at}.code: "${code}" appears twice`);
    else seen.add(code);
    if (typeof label !== 'string' || label.trim().length === 0) problems.push(`${at}.label: required`);
    if (typeof cannotStandAlone !== 'boolean') problems.push(`${at}.cannotStandAlone: must be true or false`);
    if (typeof evidenceClaim !== 'boolean') problems.push(`${at}.evidenceClaim: must be true or false`);
    if (typeof code === 'string' && typeof label === 'string' && typeof cannotStandAlone === 'boolean' && typeof evidenceClaim === 'boolean') {
      reasons.push({ code, label: label.trim(), cannotStandAlone, evidenceClaim });
    }
  });
  const byCode = new Map(reasons.map((r) => [r.code, r]));
  for (const code of SPEC_CANNOT_STAND_ALONE) {
    const reason = byCode.get(code);
    if (!reason) problems.push(`reasons: "${code}" is required by SPEC DEC-3 and missing`);
    else if (!reason.cannotStandAlone) problems.push(`reasons: "${code}" must keep cannotStandAlone: true (SPEC DEC-3)`);
  }
  for (const code of SPEC_EVIDENCE_CLAIMS) {
    const reason = byCode.get(code);
    if (!reason) problems.push(`reasons: "${code}" is required by SPEC DEC-3 and missing`);
    else if (!reason.evidenceClaim) problems.push(`reasons: "${code}" must keep evidenceClaim: true (SPEC DEC-3, Q F2)`);
  }
  if (!reasons.some((r) => !r.cannotStandAlone)) problems.push('reasons: at least one reason must be able to stand alone');
  if (problems.length) return { problems };
  return { catalogue: { version: String(version), reasons, byCode }, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
