import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { AuditEntry, AuditService } from '../../../audit/audit.service';
import type { CandidateRow, MatchDecision, ScoredCandidate } from '../domain/match-scoring';
import { identityKeys } from '../domain/identity-keys';
import { normalizePostcode } from '../domain/names';
import { AccumulationFlagsService, SubjectAssessment } from '../flags/accumulation-flags.service';
import type { MatchSourceKind } from '../domain/people-vocabulary';
import type { AccumulationFlag, SubjectPicture } from '../people-for-triage';
import { IndexWrites, PersonIndexRepository, statedRelationships } from '../persistence/person-index.repository';
import { PersonDescription, PersonMatcherService } from './person-matcher.service';
import { personMatches } from '../persistence/person-match.repository';
import { loadContactSources, loadSourcesOfContacts, lockContacts, lockIdentities, PersonSource } from '../persistence/person-source.repository';
import { familyReach } from '../persistence/relationship.repository';
import { Decided, independentRun, keyIndependentRun } from '../domain/batch-order';

export function candidateFeatures(c: ScoredCandidate): Record<string, unknown> {
  return { firstName: c.firstName, lastName: c.lastName, dateOfBirth: c.dateOfBirth, postcode: c.postcode, sex: c.sex, nhsNumber: c.nhsNumber };
}

/**
 * The person-index side of contacts (SPEC PPL-1 to PPL-4): matches every subject and household member
 * not matched before, builds the relationships each contact states, and computes and stores each
 * subject's accumulation flags. Idempotent: a source is matched once (person_match), links live in
 * the contact's person_id columns, relationships and flags are rebuilt as sets; a contact's work is
 * serialised by an advisory lock, and so is the matching of descriptions that could be one person
 * (lockIdentities).
 *
 * Several contacts (a batch graded in one transaction) share their statements (PERF-3): one lock
 * statement, one read of their sources, one of how those already matched stand, one identity-lock
 * statement; then waves of consecutive contacts (domain/batch-order.ts), each with its candidate
 * searches (one statement each), its subjects' ledgers (one statement), one write, one summary
 * refresh and one relationship rebuild; then the flags and the audit events of the whole batch in one statement
 * each. Each contact ends as if the contacts had been prepared one after another in the order given.
 */
@Injectable()
export class ContactPeopleService {
  constructor(
    private readonly matcher: PersonMatcherService,
    private readonly writer: PersonIndexRepository,
    private readonly flags: AccumulationFlagsService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** `relationshipsFrom`: when relationships new to the contact start (default: when it was received). */
  async prepare(em: EntityManager, contactId: string, opts: { relationshipsFrom?: Date } = {}): Promise<SubjectPicture[]> {
    return (await this.prepareMany(em, [contactId], opts)).get(contactId) ?? [];
  }

  /** `prepare` for each contact, in the order given; contacts without subjects or household map to []. */
  async prepareMany(em: EntityManager, contactIds: string[], opts: { relationshipsFrom?: Date } = {}): Promise<Map<string, SubjectPicture[]>> {
    const ids = [...new Set(contactIds)];
    const pictures = new Map<string, SubjectPicture[]>(ids.map((id) => [id, []]));
    if (!ids.length) return pictures;
    await lockContacts(em, ids);
    const byContact = new Map<string, PersonSource[]>();
    for (const source of await loadSourcesOfContacts(em, ids)) byContact.set(source.contactId, (byContact.get(source.contactId) ?? []).concat(source));
    const present = ids.filter((id) => byContact.has(id));
    if (!present.length) return pictures;
    const states = new Map((await personMatches.sourceStates(em, present)).map((s) => [s.source_id, s]));
    const work: ContactWork[] = present.map((contactId) => {
      const sources = byContact.get(contactId)!;
      const toMatch = sources.filter((s) => !s.personId && !states.has(s.id)).map((source) => ({ source, description: this.matcher.describeSource(source) }));
      return { contactId, sources, toMatch, keys: [...new Set(toMatch.flatMap((m) => identityKeys(m.description)))], plan: newPlan(), assessments: [] };
    });
    // Another contact about the same new child, matched at this moment, waits here until this batch commits.
    const sounds = await lockIdentities(
      em,
      work.flatMap((w) => w.keys),
      // How surnames sound tells which contacts of a batch may find each other's persons (domain/batch-order.ts).
      work.length > 1 ? work.flatMap((w) => w.toMatch.flatMap((m) => m.description.names.map((n) => n.last))) : [],
    );
    for (let rest = work; rest.length; ) {
      const done = await this.wave(em, rest, sounds, opts);
      rest = rest.slice(done);
    }
    // A contact's flags and audit events concern it alone: the batch's go together.
    for (const w of work) {
      for (const m of w.plan.writes.matches) {
        const pending = w.plan.writes.candidates.filter((c) => c.source.id === m.sourceId).length;
        states.set(m.sourceId, { source_id: m.sourceId, status: m.status, method: m.method, pending });
      }
    }
    const stored: { subjectId: string; contactId: string; personId: string | null; flags: AccumulationFlag[] }[] = [];
    for (const w of work) {
      const subjects = w.sources.filter((s) => s.kind === 'contact_subject');
      pictures.set(
        w.contactId,
        subjects.map((s, i) => {
          const { flags, facts } = w.assessments[i];
          const state = states.get(s.id);
          stored.push({ subjectId: s.id, contactId: w.contactId, personId: s.personId, flags });
          return {
            subjectId: s.id,
            personId: s.personId,
            flags,
            facts,
            match: { status: s.personId ? 'linked' : state?.status === 'candidates' ? 'candidates' : 'unlinked', method: s.personId ? (state?.method ?? 'manual') : null, candidateCount: s.personId ? 0 : (state?.pending ?? 0) },
          };
        }),
      );
    }
    await this.flags.store(em, stored, this.now());
    await this.audit.recordMany(em, SYSTEM_ACTOR, work.flatMap((w) => w.plan.audits));
    return pictures;
  }

  /**
   * Matches, writes and assesses the longest run at the head of `rest` that can share its statements
   * (domain/batch-order.ts); answers how many contacts it took (at least one).
   */
  private async wave(em: EntityManager, rest: ContactWork[], sounds: Map<string, string[]>, opts: { relationshipsFrom?: Date }): Promise<number> {
    let wave = rest.slice(0, Math.max(1, keyIndependentRun(rest)));
    // Source by source (the k-th of every contact together): a contact's later sources exclude the
    // persons its earlier ones were linked to, so they wait for those decisions.
    const inContact = new Map(wave.map((w) => [w, new Set(w.sources.map((s) => s.personId).filter((id): id is string => !!id))]));
    const compared = new Map<ContactWork, CandidateRow[]>(wave.map((w) => [w, []]));
    for (const w of wave) w.plan = newPlan();
    for (let k = 0; wave.some((w) => w.toMatch.length > k); k++) {
      const round = wave.filter((w) => w.toMatch.length > k).map((w) => ({ w, ...w.toMatch[k] }));
      // "Father unknown" and the like: nobody to look for.
      const searched = round.filter((r) => r.description.names.length || r.description.nhsNumber);
      const results = await this.matcher.matchMany(em, searched.map((r) => ({ description: r.description, excludePersonIds: [...inContact.get(r.w)!] })));
      const resultOf = new Map(searched.map((r, i) => [r, results[i]]));
      for (const r of round) {
        const result = resultOf.get(r);
        this.record(r.source, result?.decision ?? null, inContact.get(r.w)!, r.w.plan);
        compared.get(r.w)!.push(...(result?.compared ?? []));
      }
    }
    const decided = wave.map((w) => this.decided(w, compared.get(w)!, sounds));
    if (wave.length > 1) {
      // Whom each subject's ledger reads matters only where a later contact of the wave writes.
      const subjectPersons = (w: ContactWork) => afterLinks(w).filter((s) => s.kind === 'contact_subject' && s.personId).map((s) => s.personId!);
      const reach = decided.slice(1).some((d) => d.touched.length)
        ? await familyReach(em, wave.slice(0, -1).flatMap(subjectPersons), wave.flatMap((w) => statedRelationships(afterLinks(w))))
        : new Map<string, string[]>();
      wave = wave.slice(0, independentRun(decided, (i) => new Set(subjectPersons(wave[i]).flatMap((p) => reach.get(p) ?? [p]))));
    }
    // Every write of the wave at once (PERF-3): a contact's later sources were matched without its
    // earlier ones' writes, which changes nothing, as persons already on the contact are excluded
    // from its later matches anyway.
    await this.writer.write(em, {
      newPersons: wave.flatMap((w) => w.plan.writes.newPersons),
      links: wave.flatMap((w) => w.plan.writes.links),
      matches: wave.flatMap((w) => w.plan.writes.matches),
      candidates: wave.flatMap((w) => w.plan.writes.candidates),
    });
    await this.writer.refreshSummaries(em, [...new Set(wave.flatMap((w) => w.plan.existingLinked))].sort());
    await this.writer.rebuildRelationships(
      em,
      wave.filter((w) => w.plan.writes.matches.length).map((w) => ({ contactId: w.contactId, sources: w.sources, validFrom: opts.relationshipsFrom ?? w.sources[0].receivedAt })),
    );
    const subjects = wave.flatMap((w) => w.sources.filter((s) => s.kind === 'contact_subject').map((s) => ({ w, s })));
    const assessments = await this.flags.assessMany(
      em,
      subjects.map(({ w, s }) => ({ subjectId: s.id, contactId: w.contactId, personId: s.personId, anchor: s.receivedAt, unlinkedAddressKey: normalizePostcode(s.postcode) ?? s.line1?.toLowerCase() ?? null })),
    );
    subjects.forEach(({ w }, i) => w.assessments.push(assessments[i]));
    return wave.length;
  }

  /** What a contact of a wave read and will write (domain/batch-order.ts). */
  private decided(w: ContactWork, compared: CandidateRow[], sounds: Map<string, string[]>): Decided {
    const dobOf = new Map(compared.map((r) => [r.personId, r.dateOfBirth]));
    const linksExisting = [...new Set(w.plan.existingLinked)];
    const dobs = w.toMatch.map((m) => m.description.dateOfBirth).filter((d): d is string => !!d);
    return {
      keys: w.keys,
      sounds: [...new Set(w.toMatch.flatMap((m) => m.description.names.flatMap((n) => sounds.get(n.last) ?? [])))],
      dobs,
      writtenDobs: [...dobs, ...linksExisting.map((p) => dobOf.get(p)).filter((d): d is string => !!d)],
      compared: [...new Set(compared.map((r) => r.personId))],
      linksExisting,
      touched: w.plan.writes.matches.length ? [...new Set(afterLinks(w).map((s) => s.personId).filter((id): id is string => !!id))] : [],
    };
  }

  /** Adds what the decision on one source writes to `pending` (no decision: nobody to look for). */
  private record(source: PersonSource, decision: MatchDecision | null, inContact: Set<string>, pending: Plan): void {
    const base = { kind: source.kind, sourceId: source.id, contactId: source.contactId, configVersion: this.matcher.configVersion, at: this.now(), userId: null };
    if (!decision) {
      pending.writes.matches.push({ ...base, status: 'unlinked', method: null, personId: null, score: null });
      return;
    }
    if (decision.kind === 'candidates') {
      pending.writes.candidates.push(...decision.candidates.map((c) => ({ source, personId: c.personId, score: c.score, features: candidateFeatures(c) })));
      pending.writes.matches.push({ ...base, status: 'candidates', method: null, personId: null, score: decision.candidates[0].score });
      pending.audits.push({ action: 'person.match_candidates_offered', entityType: sourceEntity(source.kind), entityId: source.id, summary: { contactId: source.contactId, candidates: decision.candidates.map((c) => ({ personId: c.personId, score: c.score })) } });
      return;
    }
    let personId: string;
    let method: 'nhs' | 'auto' | 'new';
    let score: number | null;
    if (decision.kind === 'link') {
      personId = decision.personId;
      method = decision.method;
      score = decision.score;
      pending.existingLinked.push(personId);
    } else {
      personId = randomUUID();
      method = 'new';
      score = null;
      pending.writes.newPersons.push({ id: personId, source });
      pending.audits.push({ action: 'person.created', entityType: 'person', entityId: personId, summary: { contactId: source.contactId, sourceKind: source.kind, sourceId: source.id } });
    }
    pending.writes.links.push({ source, personId });
    inContact.add(personId);
    pending.writes.matches.push({ ...base, status: 'linked', method, personId, score });
    pending.audits.push({ action: 'person.linked', entityType: 'person', entityId: personId, summary: { contactId: source.contactId, sourceKind: source.kind, sourceId: source.id, method, score } });
  }

  /** Recomputes and stores every subject's flags for the contact; returns the pictures triage reads. */
  async refreshFlags(em: EntityManager, contactId: string, known?: PersonSource[]): Promise<SubjectPicture[]> {
    const sources = known ?? (await loadContactSources(em, contactId));
    const subjects = sources.filter((s) => s.kind === 'contact_subject');
    if (!subjects.length) return [];
    const stateOf = new Map((await personMatches.sourceStates(em, [contactId])).map((s) => [s.source_id, s]));
    const now = this.now();
    const assessments = await this.flags.assessMany(
      em,
      subjects.map((s) => ({ subjectId: s.id, contactId, personId: s.personId, anchor: s.receivedAt, unlinkedAddressKey: normalizePostcode(s.postcode) ?? s.line1?.toLowerCase() ?? null })),
    );
    const pictures: SubjectPicture[] = subjects.map((s, i) => {
      const state = stateOf.get(s.id);
      return {
        subjectId: s.id,
        personId: s.personId,
        flags: assessments[i].flags,
        facts: assessments[i].facts,
        match: { status: s.personId ? 'linked' : state?.status === 'candidates' ? 'candidates' : 'unlinked', method: s.personId ? (state?.method ?? 'manual') : null, candidateCount: s.personId ? 0 : (state?.pending ?? 0) },
      };
    });
    await this.flags.store(em, pictures.map((p) => ({ subjectId: p.subjectId, contactId, personId: p.personId, flags: p.flags })), now);
    return pictures;
  }
}

/** One contact of a batch: its sources, what it matches, and what its wave decided and read. */
interface ContactWork {
  contactId: string;
  sources: PersonSource[];
  toMatch: { source: PersonSource; description: PersonDescription }[];
  keys: string[];
  plan: Plan;
  /** Its subjects' flags and facts, in the order of its subjects. */
  assessments: SubjectAssessment[];
}

/** The contact's sources as they will be once its plan is written (linked to their persons). */
function afterLinks(w: ContactWork): PersonSource[] {
  const linked = new Map(w.plan.writes.links.map((l) => [l.source.id, l.personId]));
  return w.sources.map((s) => (linked.has(s.id) ? { ...s, personId: linked.get(s.id)! } : s));
}

/** What matching a contact's sources will write, gathered so it is written in one statement. */
interface Plan {
  writes: IndexWrites;
  /** Persons that existed before and gained a source: their summaries are recomputed. */
  existingLinked: string[];
  audits: AuditEntry[];
}

function newPlan(): Plan {
  return { writes: { newPersons: [], links: [], matches: [], candidates: [] }, existingLinked: [], audits: [] };
}

export function sourceEntity(kind: MatchSourceKind): string {
  return kind === 'contact_subject' ? 'contact_subject' : 'contact_household_member';
}
