import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../../database/unit-of-work';
import { ContactPeopleService } from './matching/contact-people.service';
import { PeopleForTriage, SubjectPicture } from './people-for-triage';

/**
 * The people module's answer to triage (SPEC PPL-1 to PPL-4, RAG-2): links every subject and household
 * member of the contact to the person index, then returns each subject's flags and facts. In the
 * caller's transaction when given one, else in its own; safe to retry (see ContactPeopleService).
 */
@Injectable()
export class PeopleForTriageService extends PeopleForTriage {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly contactPeople: ContactPeopleService,
  ) {
    super();
  }

  prepareContact(contactId: string, em?: EntityManager): Promise<SubjectPicture[]> {
    return em ? this.contactPeople.prepare(em, contactId) : this.uow.run((tx) => this.contactPeople.prepare(tx, contactId));
  }

  prepareContacts(contactIds: string[], em: EntityManager): Promise<Map<string, SubjectPicture[]>> {
    return this.contactPeople.prepareMany(em, contactIds);
  }
}
