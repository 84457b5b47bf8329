import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { AuditEntry, AuditService } from '../../../audit/audit.service';
import type { ScoredCandidate } from '../domain/match-scoring';
import { identityKeys } from '../domain/identity-keys';
import { normalizePostcode } from '../domain/names';
import { AccumulationFlagsService } from '../flags/accumulation-flags.service';
import type { MatchSourceKind } from '../domain/people-vocabulary';
import type { SubjectPicture } from '../people-for-triage';
import { IndexWrites, PersonIndexRepository } from '../persistence/person-index.repository';
import { PersonDescription, PersonMatcherService } from './person-matcher.service';
import { personMatches } from '../persistence/person-match.repository';
import { loadContactSources, lockContact, lockIdentities, PersonSource } from '../persistence/person-source.repository';

export function candidateFeatures(c: ScoredCandidate): Record<string, unknown> {
  return { firstName: c.firstName, lastName: c.lastName, dateOfBirth: c.dateOfBirth, postcode: c.postcode, sex: c.sex, nhsNumber: c.nhsNumber };
}

/**
 * The person-index side of a contact (SPEC PPL-1 to PPL-4): matches every subject and household member
 * not matched before, builds the relationships the contact states, and computes and stores each
 * subject's accumulation flags. Idempotent: a source is matched once (person_match), links live in
 * the contact's person_id columns, relationships and flags are rebuilt as sets; a contact's work is
 * serialised by an advisory lock, and so is the matching of descriptions that could be one person
 * (lockIdentities).
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
    await lockContact(em, contactId);
    const sources = await loadContactSources(em, contactId);
    if (!sources.length) return [];
    const matched = await personMatches.decidedSourceIds(em, contactId);
    const inContact = new Set(sources.map((s) => s.personId).filter((id): id is string => !!id));
    const pending = newPlan();
    const toMatch = sources.filter((s) => !s.personId && !matched.has(s.id)).map((source) => ({ source, description: this.matcher.describeSource(source) }));
    // Another contact about the same new child, matched at this moment, waits here until this one commits.
    await lockIdentities(em, toMatch.flatMap((m) => identityKeys(m.description)));
    for (const { source, description } of toMatch) await this.matchOne(em, source, description, inContact, pending);
    // Every write of the matching at once (PERF-3): later sources were matched without them, which
    // changes nothing, as persons already on this contact are excluded from its later matches anyway.
    await this.writer.write(em, pending.writes);
    await this.writer.refreshSummaries(em, pending.existingLinked);
    if (pending.writes.matches.length) await this.writer.rebuildRelationships(em, contactId, sources, opts.relationshipsFrom ?? sources[0].receivedAt);
    await this.audit.recordMany(em, SYSTEM_ACTOR, pending.audits);
    return this.refreshFlags(em, contactId, sources);
  }

  /** Decides one source and adds what that decision writes to `pending`. */
  private async matchOne(em: EntityManager, source: PersonSource, description: PersonDescription, inContact: Set<string>, pending: Plan): Promise<void> {
    const base = { kind: source.kind, sourceId: source.id, contactId: source.contactId, configVersion: this.matcher.configVersion, at: this.now(), userId: null };
    if (!description.names.length && !description.nhsNumber) {
      // "Father unknown" and the like: nobody to look for.
      pending.writes.matches.push({ ...base, status: 'unlinked', method: null, personId: null, score: null });
      return;
    }
    const decision = await this.matcher.match(em, description, [...inContact]);
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
    const states = await personMatches.subjectStates(em, contactId);
    const stateOf = new Map(states.map((s) => [s.source_id, s]));
    const now = this.now();
    const pictures: SubjectPicture[] = [];
    for (const s of subjects) {
      const { flags, facts } = await this.flags.assess(em, { subjectId: s.id, contactId, personId: s.personId, anchor: s.receivedAt, unlinkedAddressKey: normalizePostcode(s.postcode) ?? s.line1?.toLowerCase() ?? null });
      const state = stateOf.get(s.id);
      pictures.push({
        subjectId: s.id,
        personId: s.personId,
        flags,
        facts,
        match: { status: s.personId ? 'linked' : state?.status === 'candidates' ? 'candidates' : 'unlinked', method: s.personId ? (state?.method ?? 'manual') : null, candidateCount: s.personId ? 0 : (state?.pending ?? 0) },
      });
    }
    await this.flags.store(em, pictures.map((p) => ({ subjectId: p.subjectId, contactId, personId: p.personId, flags: p.flags })), now);
    return pictures;
  }
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
