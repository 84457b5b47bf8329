import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { HouseholdPeople } from '../contacts/household-people';
import { ContactPeopleService } from './matching/contact-people.service';
import { loadContactSources } from './persistence/person-source.repository';
import type { SubjectPicture } from './people-for-triage';
import { endRelationships } from './persistence/relationship.repository';

export interface HouseholdChange {
  contactId: string;
  /** When the household changed (the member moved in or out), not when it was recorded. */
  at: Date;
  /** Persons who left the children's household; their relationships with the contact's children end at `at`. */
  leftPersonIds?: string[];
}

export interface HouseholdChangeResult {
  pictures: SubjectPicture[];
  /** Relationships ended by the change (validTo = at). */
  ended: { id: string; personId: string; relatedPersonId: string; relationship: string }[];
}

/**
 * A household changes while a contact is open (SPEC PPL-2, CHK-5): a member added to the contact is
 * matched to the person index and their relationships with the children start when they joined; a
 * member who left has every open relationship with the children ended (validTo), whichever contact
 * stated it, so the history keeps who was there and when. Flags are recomputed (a new adult is
 * PPL-4.new-adult). Call it in the transaction that records the change on the contact.
 */
@Injectable()
export class HouseholdChangesService implements OnModuleInit {
  constructor(
    private readonly contactPeople: ContactPeopleService,
    private readonly audit: AuditService,
    private readonly householdPeople: HouseholdPeople,
  ) {}

  /** Contacts calls it when staff change an open contact's household. */
  onModuleInit(): void {
    this.householdPeople.bind(this);
  }

  async householdChanged(em: EntityManager, actor: Actor, change: HouseholdChange): Promise<HouseholdChangeResult> {
    const pictures = await this.contactPeople.prepare(em, change.contactId, { relationshipsFrom: change.at });
    const sources = await loadContactSources(em, change.contactId);
    const children = [...new Set(sources.filter((s) => s.kind === 'contact_subject' && s.personId).map((s) => s.personId!))];
    const ended = await endRelationships(em, change.leftPersonIds ?? [], children, change.at);
    for (const personId of new Set(ended.map((e) => (children.includes(e.personId) ? e.relatedPersonId : e.personId)))) {
      await this.audit.record(em, actor, {
        action: 'person.relationships_ended', entityType: 'person', entityId: personId,
        summary: { contactId: change.contactId, at: change.at.toISOString(), relationships: ended.filter((e) => e.personId === personId || e.relatedPersonId === personId).map((e) => e.id) },
      });
    }
    return { pictures: ended.length ? await this.contactPeople.refreshFlags(em, change.contactId, sources) : pictures, ended };
  }
}
