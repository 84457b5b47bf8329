import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import { AuditService } from '../../../audit/audit.service';
import { InvalidInputException, RuleViolationException } from '../../../common/errors';
import { UnitOfWork } from '../../../database/unit-of-work';
import { normalizeNhsNumber } from '../domain/names';
import { contactParts } from '../../contacts/contact-records';
import { matchCandidates, MatchCandidateView } from '../persistence/person-match-candidate.repository';
import { CandidateRow, personMatches, persons } from '../persistence/person-match.repository';
import type { MatchMethod, MatchSourceKind } from '../domain/people-vocabulary';
import { ContactPeopleService, sourceEntity } from './contact-people.service';
import { PersonIndexRepository } from '../persistence/person-index.repository';
import { loadContactSources, loadSource, lockContact, PersonSource } from '../persistence/person-source.repository';

export interface LinkResult {
  contactId: string;
  sourceKind: MatchSourceKind;
  sourceId: string;
  status: 'linked' | 'unlinked';
  personId: string | null;
  method: MatchMethod | null;
  previousPersonId?: string | null;
}

const UNLINK_REASONS = ['wrong_person', 'duplicate', 'other'] as const;
export type UnlinkReason = (typeof UNLINK_REASONS)[number];

/**
 * A worker's links between a contact's subjects (or household members) and the person index
 * (SPEC PPL-1): link to a person, create a new person, unlink, confirm or reject a candidate. Each is
 * one transaction with its audit event; the contact's relationships and flags are rebuilt with it.
 */
@Injectable()
export class PersonLinksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly writer: PersonIndexRepository,
    private readonly contactPeople: ContactPeopleService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** The matcher's candidates for a contact's subjects and household members (a read of the contact, audited). */
  async candidates(actor: Actor, contactId: string): Promise<{ items: MatchCandidateView[] }> {
    const items = await this.uow.read(async (em) => {
      if (!(await contactParts.contact(em, contactId, { id: true }))) throw new NotFoundException('No such contact');
      return matchCandidates.ofContact(em, contactId);
    });
    await this.audit.recordRead(actor, 'contact', contactId, { view: 'match_candidates' });
    return { items };
  }

  link(actor: Actor, kind: MatchSourceKind, contactId: string, sourceId: string, body: { personId?: string; createNew?: boolean }): Promise<LinkResult> {
    if (!!body.personId === !!body.createNew) {
      throw new InvalidInputException([{ field: 'personId', rule: 'exactlyOne', message: 'Give either personId or createNew: true, not both and not neither' }]);
    }
    return this.uow.run(async (em) => {
      await lockContact(em, contactId);
      const source = await this.source(em, kind, contactId, sourceId);
      if (body.personId && source.personId === body.personId) {
        return { contactId, sourceKind: kind, sourceId, status: 'linked', personId: source.personId, method: null };
      }
      if (source.personId) throw new ConflictException('Already linked to another person: unlink it first');
      let personId: string;
      let method: MatchMethod;
      if (body.personId) {
        personId = body.personId;
        await this.checkLinkable(em, source, personId);
        method = (await personMatches.hasPendingCandidate(em, kind, sourceId, personId)) ? 'confirmed' : 'manual';
      } else {
        personId = await this.writer.createPerson(em, source);
        method = 'manual';
        await this.audit.record(em, actor, { action: 'person.created', entityType: 'person', entityId: personId, summary: { contactId, sourceKind: kind, sourceId } });
      }
      await this.writer.attach(em, source, personId);
      await personMatches.settleCandidates(em, kind, sourceId, personId, this.now(), actor.userId);
      await this.writer.recordMatch(em, { kind, sourceId, contactId, status: 'linked', method, personId, score: null, configVersion: 'worker', at: this.now(), userId: actor.userId }, true);
      await this.afterChange(em, contactId);
      await this.audit.record(em, actor, { action: 'person.linked', entityType: 'person', entityId: personId, summary: { contactId, sourceKind: kind, sourceId, method } });
      return { contactId, sourceKind: kind, sourceId, status: 'linked', personId, method };
    });
  }

  unlink(actor: Actor, kind: MatchSourceKind, contactId: string, sourceId: string, reason: UnlinkReason | undefined): Promise<LinkResult> {
    return this.uow.run(async (em) => {
      await lockContact(em, contactId);
      const source = await this.source(em, kind, contactId, sourceId);
      if (!source.personId) throw new ConflictException('Not linked to a person');
      const previous = await this.writer.detach(em, source);
      // Recorded so that a retried triage job never links it again behind the worker's back.
      await this.writer.recordMatch(em, { kind, sourceId, contactId, status: 'unlinked', method: null, personId: null, score: null, configVersion: 'worker', at: this.now(), userId: actor.userId }, true);
      await this.afterChange(em, contactId);
      await this.audit.record(em, actor, { action: 'person.unlinked', entityType: 'person', entityId: previous, summary: { contactId, sourceKind: kind, sourceId, reason: reason ?? null } });
      return { contactId, sourceKind: kind, sourceId, status: 'unlinked', personId: null, method: null, previousPersonId: previous };
    });
  }

  async confirmCandidate(actor: Actor, candidateId: string): Promise<LinkResult> {
    const candidate = await this.pendingCandidate(candidateId);
    return this.link(actor, candidate.source_kind, candidate.contact_id, candidate.source_id, { personId: candidate.person_id });
  }

  async rejectCandidate(actor: Actor, candidateId: string): Promise<{ id: string; status: 'rejected'; pendingForSource: number }> {
    const candidate = await this.pendingCandidate(candidateId);
    return this.uow.run(async (em) => {
      await lockContact(em, candidate.contact_id);
      if (!(await personMatches.rejectCandidate(em, candidateId, this.now(), actor.userId))) throw new ConflictException('The candidate was already decided');
      const pending = await personMatches.pendingFor(em, candidate.source_kind, candidate.source_id);
      if (pending === 0) await personMatches.markUnlinked(em, candidate.source_kind, candidate.source_id, this.now(), actor.userId);
      await this.audit.record(em, actor, { action: 'person.candidate_rejected', entityType: sourceEntity(candidate.source_kind), entityId: candidate.source_id, summary: { contactId: candidate.contact_id, personId: candidate.person_id, candidateId } });
      return { id: candidateId, status: 'rejected', pendingForSource: pending };
    });
  }

  private async pendingCandidate(id: string): Promise<CandidateRow> {
    const candidate = await this.uow.read((em) => personMatches.candidate(em, id));
    if (!candidate) throw new NotFoundException('No such match candidate');
    if (candidate.status !== 'pending') throw new ConflictException(`The candidate was already ${candidate.status}`);
    return candidate;
  }

  private async source(em: EntityManager, kind: MatchSourceKind, contactId: string, sourceId: string): Promise<PersonSource> {
    const source = await loadSource(em, kind, contactId, sourceId);
    if (!source) throw new NotFoundException(kind === 'contact_subject' ? 'No such subject on this contact' : 'No such household member on this contact');
    return source;
  }

  /** The guards of a manual link (SPEC PPL-1): the person exists and is not merged, NHS numbers agree, one link per person per contact. */
  private async checkLinkable(em: EntityManager, source: PersonSource, personId: string): Promise<void> {
    const person = await persons.forLink(em, personId);
    if (!person) throw new NotFoundException('No such person');
    if (person.merged_into_id) {
      throw new RuleViolationException('This person was merged into another: link to that person', [{ field: 'personId', rule: 'PPL-1.merged-person', message: `Merged into ${person.merged_into_id}` }]);
    }
    const nhs = normalizeNhsNumber(source.nhsNumber);
    if (nhs && person.nhs_number && nhs !== person.nhs_number) {
      throw new RuleViolationException('The NHS numbers differ: this is a different person', [{ field: 'personId', rule: 'PPL-1.nhs-mismatch', message: 'The contact and the person have different NHS numbers' }]);
    }
    if (nhs && !person.nhs_number) {
      const other = await persons.otherWithNhsNumber(em, nhs, personId);
      if (other) throw new RuleViolationException('Another person has this NHS number', [{ field: 'personId', rule: 'PPL-1.nhs-belongs-to-another', message: `The NHS number belongs to person ${other.id}` }]);
    }
    if (await persons.onContact(em, source.contactId, personId)) throw new RuleViolationException('This person is already linked to someone else on this contact', [{ field: 'personId', rule: 'PPL-1.one-link-per-contact', message: 'One person cannot be two people on the same contact' }]);
  }

  /** Relationships and stored flags follow the contact's links. */
  async afterChange(em: EntityManager, contactId: string): Promise<void> {
    const sources = await loadContactSources(em, contactId);
    if (!sources.length) return;
    await this.writer.rebuildRelationships(em, [{ contactId, sources, validFrom: sources[0].receivedAt }]);
    await this.contactPeople.refreshFlags(em, contactId, sources);
  }
}

export { UNLINK_REASONS };
