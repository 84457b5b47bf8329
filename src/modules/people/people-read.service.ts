import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import type { ScoredCandidate } from './domain/match-scoring';
import { cpPlans, currentLevel } from './domain/status';
import { AccumulationFlagsService } from './flags/accumulation-flags.service';
import { loadFamily, personIdsOf } from './persistence/family.repository';
import { loadFamilyPeople } from './persistence/history.repository';
import { PersonMatcherService } from './matching/person-matcher.service';

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
    private readonly dataSource: DataSource,
    private readonly matcher: PersonMatcherService,
    private readonly flags: AccumulationFlagsService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async search(actor: Actor, q: SearchQuery) {
    const found: ScoredCandidate[] = await this.matcher.search(this.dataSource, this.matcher.describeSearch(q), q.limit ?? 20);
    const people: { id: string; firstName: string | null; lastName: string | null; dateOfBirth: string | null; sex: string; postcode: string | null; kind: string }[] = found.length
      ? await this.dataSource.query(
          'SELECT id, first_name AS "firstName", last_name AS "lastName", date_of_birth::text AS "dateOfBirth", sex, postcode, kind FROM person WHERE id = ANY($1::uuid[])',
          [found.map((c) => c.personId)],
        )
      : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    const criteria = Object.entries(q).filter(([k, v]) => k !== 'limit' && v).map(([k]) => k);
    // The search, and a read of each person it showed, so "who viewed this child" lists searches too.
    await this.audit.recordMany(this.dataSource.manager, actor, [
      { action: 'person.searched', entityType: 'person', entityId: null, summary: { criteria, results: found.length, personIds: found.map((c) => c.personId) } },
      ...found.map((c) => ({ action: 'person.read', entityType: 'person', entityId: c.personId, summary: { view: 'search_result' } })),
    ]);
    return {
      items: found.map((c) => {
        const { personId, score, ...matchedOn } = c;
        const { id: _id, ...person } = byId.get(personId) ?? { id: personId };
        return { personId, score, ...person, matchedOn };
      }),
    };
  }

  async person(actor: Actor, personId: string) {
    const [person] = await this.dataSource.query(
      `SELECT id, kind, first_name AS "firstName", last_name AS "lastName", date_of_birth::text AS "dateOfBirth", expected_delivery_date::text AS "expectedDeliveryDate",
         sex, nhs_number AS "nhsNumber", postcode, merged_into_id AS "mergedIntoId", created_at AS "createdAt", updated_at AS "updatedAt"
       FROM person WHERE id = $1`,
      [personId],
    );
    if (!person) throw new NotFoundException('No such person');
    const personIds = await personIdsOf(this.dataSource, personId);
    const now = this.now();
    // Independent reads, side by side on the pool: the flags (the heaviest) run alongside the rest.
    const [names, addresses, relationships, standing, members, candidates, [self], assessment] = await Promise.all([
      this.dataSource.query(
        // One row per name, however many contacts gave it.
        `SELECT kind, first_name AS "firstName", last_name AS "lastName", min(observed_at) AS "firstSeenAt", max(observed_at) AS "lastSeenAt", count(contact_id)::int AS contacts
         FROM person_name WHERE person_id = $1 GROUP BY kind, first_name, last_name ORDER BY max(observed_at) DESC`,
        [personId],
      ),
      this.dataSource.query(
        // Address history: each address once, from when it was first to when it was last recorded.
        `SELECT line1, line2, town, postcode, address_type AS "addressType", min(coalesce(from_date, observed_at::date))::text AS "fromDate",
           max(to_date)::text AS "toDate", min(observed_at) AS "firstSeenAt", max(observed_at) AS "lastSeenAt", count(contact_id)::int AS contacts
         FROM person_address WHERE person_id = $1 GROUP BY line1, line2, town, postcode, address_type ORDER BY max(observed_at) DESC`,
        [personId],
      ),
      this.dataSource.query(
        `SELECT r.related_person_id AS "personId", r.relationship, p.first_name AS "firstName", p.last_name AS "lastName",
           (array_agg(r.parental_responsibility ORDER BY r.valid_from DESC))[1] AS "parentalResponsibility",
           (array_agg(r.resident ORDER BY r.valid_from DESC))[1] AS resident,
           min(r.valid_from) AS "from", CASE WHEN bool_or(r.valid_to IS NULL) THEN NULL ELSE max(r.valid_to) END AS "to", count(*)::int AS contacts,
           (array_agg(r.source_contact_id ORDER BY r.valid_from DESC))[1] AS "lastContactId"
         FROM person_relationship r JOIN person p ON p.id = r.related_person_id
         WHERE r.person_id = $1 GROUP BY r.related_person_id, r.relationship, p.first_name, p.last_name ORDER BY min(r.valid_from)`,
        [personId],
      ),
      this.dataSource.query(
        `SELECT id, kind, note, source_kind AS "sourceKind", contact_id AS "contactId", recorded_at AS "recordedAt", ended_at AS "endedAt"
         FROM person_flag WHERE person_id = $1 ORDER BY recorded_at DESC`,
        [personId],
      ),
      loadFamily(this.dataSource, personId, personIds),
      this.dataSource.query(`SELECT count(*)::int AS n FROM person_match_candidate WHERE person_id = $1 AND status = 'pending'`, [personId]),
      loadFamilyPeople(this.dataSource, [personId]),
      this.flags.assessPerson(this.dataSource, personId, now),
    ]);
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
      pendingCandidates: candidates[0].n,
    };
  }
}
