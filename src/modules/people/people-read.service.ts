import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { UnitOfWork } from '../../database/unit-of-work';
import type { ScoredCandidate } from './domain/match-scoring';
import { cpPlans, currentLevel } from './domain/status';
import { AccumulationFlagsService } from './flags/accumulation-flags.service';
import { loadFamily, personIdsOf } from './persistence/family.repository';
import { loadFamilyPeople } from './persistence/history.repository';
import { PersonMatcherService } from './matching/person-matcher.service';
import { personFlags } from './persistence/person-flag.repository';
import { personRecords } from './persistence/person-read.repository';

export interface SearchQuery {
  name?: string;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  nhsNumber?: string;
  postcode?: string;
  limit?: number;
}

/** Reading the person index (SPEC PPL-1, PPL-2, PPL-4): search, and one person with names, addresses, relationships, flags. */
@Injectable()
export class PeopleReadService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly matcher: PersonMatcherService,
    private readonly flags: AccumulationFlagsService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async search(actor: Actor, q: SearchQuery) {
    const { found, people } = await this.uow.read(async (em) => {
      const found: ScoredCandidate[] = await this.matcher.search(em, this.matcher.describeSearch(q), q.limit ?? 20);
      return { found, people: found.length ? await personRecords.summaries(em, found.map((c) => c.personId)) : [] };
    });
    const byId = new Map(people.map((p) => [p.id, p]));
    const criteria = Object.entries(q).filter(([k, v]) => k !== 'limit' && v).map(([k]) => k);
    // The search, and a read of each person it showed, so "who viewed this child" lists searches too.
    await this.uow.read((em) =>
      this.audit.recordMany(em, actor, [
        { action: 'person.searched', entityType: 'person', entityId: null, summary: { criteria, results: found.length, personIds: found.map((c) => c.personId) } },
        ...found.map((c) => ({ action: 'person.read', entityType: 'person', entityId: c.personId, summary: { view: 'search_result' } })),
      ]),
    );
    return {
      items: found.map((c) => {
        const { personId, score, ...matchedOn } = c;
        const { id: _id, ...person } = byId.get(personId) ?? { id: personId };
        return { personId, score, ...person, matchedOn };
      }),
    };
  }

  async person(actor: Actor, personId: string) {
    const now = this.now();
    const read = await this.uow.read(async (em) => {
      const person = await personRecords.person(em, personId);
      if (!person) throw new NotFoundException('No such person');
      const personIds = await personIdsOf(em, personId);
      // Independent reads, side by side on the pool: the flags (the heaviest) run alongside the rest.
      const [names, addresses, relationships, standing, members, candidates, [self], assessment] = await Promise.all([
        personRecords.names(em, personId),
        personRecords.addresses(em, personId),
        personRecords.relationships(em, personId),
        personFlags.ofPerson(em, personId),
        loadFamily(em, personId, personIds),
        personRecords.pendingCandidates(em, personId),
        loadFamilyPeople(em, [personId]),
        this.flags.assessPerson(em, personId, now),
      ]);
      return { person, names, addresses, relationships, standing, members, candidates, self, assessment };
    });
    const { person, names, addresses, relationships, members, candidates, self, assessment } = read;
    const standing: { id: string | null; kind: string; note: string | null; sourceKind: string; contactId?: string | null; recordedAt: Date | null; endedAt: Date | null }[] = read.standing;
    const changes = (self?.transitions ?? []).map((t) => ({ ...t, effectiveAt: new Date(t.effectiveAt) }));
    const plans = cpPlans(changes);
    const flags = standing.filter((f: { endedAt: Date | null }) => !f.endedAt);
    // Derived, not typed in: an adult who was looked after as a child (SPEC PPL-2, DUD 6.14).
    if (changes.some((c) => c.toLevel === 'looked_after') && !flags.some((f: { kind: string }) => f.kind === 'looked_after_as_child')) {
      flags.push({ id: null, kind: 'looked_after_as_child', note: null, sourceKind: 'status_transition', contactId: null, recordedAt: null, endedAt: null });
    }
    await this.audit.recordRead(actor, 'person', personId, { view: 'person' });
    const primary = names.filter((n: { kind: string }) => n.kind === 'primary');
    const key = (n: { firstName: string | null; lastName: string | null }) => `${n.firstName ?? ''}|${n.lastName ?? ''}`.toLowerCase();
    const currentKey = key(person);
    const distinct = (list: { firstName: string | null; lastName: string | null }[]) => [...new Map(list.filter((n) => key(n) !== currentKey).map((n) => [key(n), { firstName: n.firstName, lastName: n.lastName }])).values()];
    return {
      ...person,
      previousNames: distinct(primary),
      aliases: distinct(names.filter((n: { kind: string }) => n.kind !== 'primary')),
      names,
      addresses,
      relationships,
      family: members.filter((m) => m.relation.kind !== 'self'),
      flags,
      endedFlags: standing.filter((f: { endedAt: Date | null }) => !!f.endedAt),
      status: { current: currentLevel(changes, now), cpPlans: plans, onCurrentCpPlan: assessment.facts.onCurrentCpPlan, everOnCpPlan: assessment.facts.everOnCpPlan },
      accumulationFlags: assessment.flags,
      facts: assessment.facts,
      pendingCandidates: candidates,
    };
  }
}
