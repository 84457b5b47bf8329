/**
 * Person matching rules (SPEC PPL-1): turns what the database found about each candidate person
 * (name similarities, date of birth, postcodes, sex, NHS number) into a score, and the candidates into
 * one decision: link, offer candidates to the worker, or create a new person. Weights and thresholds
 * come from config/people-matching.yaml; the guards below are not configurable, because each one is
 * the difference between "the history was found" and "two children's records were merged".
 */
import { compareDob, DobAgreement } from './dates';
import type { MatchingConfig } from './people-config';
import { outwardCode } from './names';

export type Agreement = 'match' | 'mismatch' | 'unknown';
export type PostcodeAgreement = 'exact' | 'district' | 'mismatch' | 'unknown';

/** What a contact says about someone, normalised (see names.ts). */
export interface MatchQuery {
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'U';
  nhsNumber: string | null;
  postcode: string | null;
}

/** One person found by the candidate search, with name similarities already computed in SQL (0..1, null when unknown). */
export interface CandidateRow {
  personId: string;
  firstNameSimilarity: number | null;
  lastNameSimilarity: number | null;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'U';
  nhsNumber: string | null;
  /** Every postcode in the person's address history, normalised. */
  postcodes: string[];
}

export interface CandidateFeatures {
  personId: string;
  firstName: number | null;
  lastName: number | null;
  dateOfBirth: DobAgreement;
  postcode: PostcodeAgreement;
  sex: Agreement;
  nhsNumber: Agreement;
}

export interface ScoredCandidate extends CandidateFeatures {
  score: number;
}

export type MatchDecision =
  | { kind: 'link'; method: 'nhs' | 'auto'; personId: string; score: number; candidates: ScoredCandidate[] }
  | { kind: 'candidates'; candidates: ScoredCandidate[] }
  | { kind: 'new'; candidates: ScoredCandidate[] };

export function comparePostcode(query: string | null, history: string[]): PostcodeAgreement {
  if (!query || history.length === 0) return 'unknown';
  if (history.includes(query)) return 'exact';
  const district = outwardCode(query);
  if (district && history.some((p) => outwardCode(p) === district)) return 'district';
  return 'mismatch';
}

export function features(query: MatchQuery, row: CandidateRow): CandidateFeatures {
  const nhs: Agreement = !query.nhsNumber || !row.nhsNumber ? 'unknown' : query.nhsNumber === row.nhsNumber ? 'match' : 'mismatch';
  const sex: Agreement = query.sex === 'U' || row.sex === 'U' ? 'unknown' : query.sex === row.sex ? 'match' : 'mismatch';
  return {
    personId: row.personId,
    firstName: row.firstNameSimilarity,
    lastName: row.lastNameSimilarity,
    dateOfBirth: compareDob(query.dateOfBirth, row.dateOfBirth),
    postcode: comparePostcode(query.postcode, row.postcodes),
    sex,
    nhsNumber: nhs,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function score(f: CandidateFeatures, cfg: MatchingConfig): number {
  if (f.nhsNumber === 'match') return 1;
  const w = cfg.weights;
  const dob = { exact: w.dateOfBirth.exact, transposed: w.dateOfBirth.transposed, year_off_by_one: w.dateOfBirth.yearOffByOne, unknown: w.dateOfBirth.unknown, mismatch: w.dateOfBirth.mismatch }[f.dateOfBirth];
  const postcode = w.postcode[f.postcode === 'exact' ? 'exact' : f.postcode === 'district' ? 'district' : f.postcode === 'mismatch' ? 'mismatch' : 'unknown'];
  const total = w.firstName * (f.firstName ?? 0) + w.lastName * (f.lastName ?? 0) + dob + postcode + (f.sex === 'mismatch' ? w.sexMismatch : 0);
  return round(Math.min(1, Math.max(0, total)));
}

/** Enough name evidence to show a person to a worker at all: at least one of first or last name agrees strongly. */
function nameEvidence(f: CandidateFeatures, cfg: MatchingConfig): boolean {
  return Math.max(f.firstName ?? 0, f.lastName ?? 0) >= cfg.candidates.minNameComponentSimilarity;
}

/**
 * Guards for an automatic link without an NHS number. A high score is not enough on its own:
 * - the date of birth must be exact (a transposed day/month or a year out is only ever a candidate);
 * - the address must corroborate it (a postcode in the person's history): two different children with
 *   the same name and date of birth living elsewhere are never merged automatically;
 * - first and last names must both agree (twins share a surname, a date of birth and an address).
 */
function autoLinkable(f: ScoredCandidate, cfg: MatchingConfig): boolean {
  return (
    f.nhsNumber !== 'mismatch' &&
    f.score >= cfg.thresholds.autoLink &&
    f.dateOfBirth === 'exact' &&
    f.postcode === 'exact' &&
    f.sex !== 'mismatch' &&
    (f.firstName ?? 0) >= cfg.autoLink.minFirstNameSimilarity &&
    (f.lastName ?? 0) >= cfg.autoLink.minLastNameSimilarity
  );
}

export function scoreAll(query: MatchQuery, rows: CandidateRow[], cfg: MatchingConfig): ScoredCandidate[] {
  return rows
    .map((row) => {
      const f = features(query, row);
      return { ...f, score: score(f, cfg) };
    })
    .sort((a, b) => b.score - a.score || a.personId.localeCompare(b.personId));
}

export function decideMatch(query: MatchQuery, rows: CandidateRow[], cfg: MatchingConfig): MatchDecision {
  const scored = scoreAll(query, rows, cfg);
  // Both NHS numbers known and different: a different person, whatever the name says.
  const comparable = scored.filter((c) => c.nhsNumber !== 'mismatch');
  const byNhs = comparable.filter((c) => c.nhsNumber === 'match');
  if (byNhs.length === 1) return { kind: 'link', method: 'nhs', personId: byNhs[0].personId, score: 1, candidates: [byNhs[0]] };
  const eligible = comparable.filter((c) => c.nhsNumber === 'match' || (c.score >= cfg.thresholds.candidate && nameEvidence(c, cfg))).slice(0, cfg.candidates.max);
  const auto = eligible.filter((c) => autoLinkable(c, cfg));
  // Two people who both look certain is not certainty: the worker decides.
  if (byNhs.length === 0 && auto.length === 1) return { kind: 'link', method: 'auto', personId: auto[0].personId, score: auto[0].score, candidates: eligible };
  if (eligible.length > 0) return { kind: 'candidates', candidates: eligible };
  return { kind: 'new', candidates: [] };
}
