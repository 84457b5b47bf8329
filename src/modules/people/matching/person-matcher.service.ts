import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CandidateRow, decideMatch, MatchDecision, MatchQuery, scoreAll, ScoredCandidate } from '../domain/match-scoring';
import { NameParts, normalizeName, normalizeNhsNumber, normalizePostcode, parseAlias, splitFullName } from '../domain/names';
import { CandidateSearch, findCandidates, findCandidatesMany } from '../persistence/person-search.repository';
import { PEOPLE_CONFIG, PeopleConfig } from '../people-config.provider';
import type { PersonSource } from '../persistence/person-source.repository';

/** What someone is looking for: a contact's description of a person, or a worker's search. */
export interface PersonDescription {
  names: NameParts[];
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'U';
  nhsNumber: string | null;
  postcode: string | null;
}

/** Rows fetched for scoring: enough for every plausible candidate, few enough to stay fast. */
const PRE_RANK_LIMIT = 50;

/** Matching a description against the person index (SPEC PPL-1): SQL finds and measures, domain/match-scoring.ts decides. */
@Injectable()
export class PersonMatcherService {
  constructor(@Inject(PEOPLE_CONFIG) private readonly config: PeopleConfig) {}

  get configVersion(): string {
    return this.config.matching.version;
  }

  describeSource(source: PersonSource): PersonDescription {
    const names: NameParts[] = [];
    if (source.firstName || source.lastName) names.push({ first: normalizeName(source.firstName), last: normalizeName(source.lastName) });
    for (const alias of source.aliases ?? []) {
      const parts = parseAlias(alias, source.firstName);
      if (parts) names.push(parts);
    }
    return {
      names,
      dateOfBirth: source.dateOfBirth,
      sex: source.sex,
      nhsNumber: normalizeNhsNumber(source.nhsNumber),
      postcode: normalizePostcode(source.postcode),
    };
  }

  describeSearch(q: { name?: string; firstName?: string; lastName?: string; dateOfBirth?: string; nhsNumber?: string; postcode?: string }): PersonDescription {
    const names: NameParts[] = [];
    if (q.firstName || q.lastName) names.push({ first: normalizeName(q.firstName), last: normalizeName(q.lastName) });
    if (q.name) names.push(splitFullName(q.name));
    return { names, dateOfBirth: q.dateOfBirth ?? null, sex: 'U', nhsNumber: normalizeNhsNumber(q.nhsNumber), postcode: normalizePostcode(q.postcode) };
  }

  private async candidates(em: Pick<EntityManager, 'query'>, d: PersonDescription, excludePersonIds: string[], trigram: boolean, dobVariants = false): Promise<CandidateRow[]> {
    return findCandidates(em, this.candidateSearch(d, excludePersonIds, trigram, dobVariants));
  }

  private candidateSearch(d: PersonDescription, excludePersonIds: string[], trigram: boolean, dobVariants = false): CandidateSearch {
    const cfg = this.config.matching;
    return {
      names: d.names.filter((n) => n.first || n.last),
      dateOfBirth: d.dateOfBirth,
      nhsNumber: d.nhsNumber,
      postcode: d.postcode,
      excludePersonIds,
      phoneticSimilarity: cfg.phoneticSimilarity,
      firstNameWeight: cfg.weights.firstName,
      lastNameWeight: cfg.weights.lastName,
      limit: PRE_RANK_LIMIT,
      trigram,
      dobVariants,
    };
  }

  private matchQuery(d: PersonDescription): MatchQuery {
    return { dateOfBirth: d.dateOfBirth, sex: d.sex, nhsNumber: d.nhsNumber, postcode: d.postcode };
  }

  /** The matcher's decision for a contact's subject or household member. */
  async match(em: Pick<EntityManager, 'query'>, d: PersonDescription, excludePersonIds: string[] = []): Promise<MatchDecision> {
    const [{ decision }] = await this.matchMany(em, [{ description: d, excludePersonIds }]);
    return decision;
  }

  /** `match` for several descriptions (a batch's sources), with the persons each search compared; in the order asked. */
  async matchMany(em: Pick<EntityManager, 'query'>, asks: { description: PersonDescription; excludePersonIds: string[] }[]): Promise<{ decision: MatchDecision; compared: CandidateRow[] }[]> {
    const found = await findCandidatesMany(em, asks.map((a) => this.candidateSearch(a.description, a.excludePersonIds, false)));
    return asks.map((a, i) => ({ decision: decideMatch(this.matchQuery(a.description), found[i], this.config.matching), compared: found[i] }));
  }

  /**
   * A worker's search: everyone found, best first. With a name given, people whose names do not
   * resemble it at all (found only by date of birth or postcode) are left out, unless the NHS number
   * agrees. When nothing sounds alike, a second pass tries trigram similarity on the surname.
   */
  async search(em: Pick<EntityManager, 'query'>, d: PersonDescription, limit: number): Promise<ScoredCandidate[]> {
    const named = d.names.some((n) => n.first || n.last);
    let rows = await this.candidates(em, d, [], false, !named);
    // A typo that changes how the surname sounds: only then pay for the trigram index.
    if (!rows.length && d.names.some((n) => n.last)) rows = await this.candidates(em, d, [], true);
    return scoreAll(this.matchQuery(d), rows, this.config.matching)
      .filter((c) => !named || c.nhsNumber === 'match' || Math.max(c.firstName ?? 0, c.lastName ?? 0) >= 0.5)
      .slice(0, limit);
  }
}
