import type { EntityManager } from 'typeorm';
import { PeopleForTriageService } from '../../src/modules/people/people-for-triage.service';

/**
 * The people step (and so the grading) of the contacts in `failing` fails every time, as when the
 * person index does not answer: a fault a test switches on per contact. Bind it on the worker with
 * `overrideProvider(PeopleForTriage).useClass(FailingForSomePeople)` and reach it with
 * `worker.get(PeopleForTriage)`.
 */
export class FailingForSomePeople extends PeopleForTriageService {
  static readonly reason = 'the person index did not answer';
  readonly failing = new Set<string>();

  override prepareContact(contactId: string, em?: EntityManager) {
    if (this.failing.has(contactId)) return Promise.reject(new Error(FailingForSomePeople.reason));
    return super.prepareContact(contactId, em);
  }

  override prepareContacts(contactIds: string[], em: EntityManager) {
    if (contactIds.some((id) => this.failing.has(id))) return Promise.reject(new Error(FailingForSomePeople.reason));
    return super.prepareContacts(contactIds, em);
  }
}
