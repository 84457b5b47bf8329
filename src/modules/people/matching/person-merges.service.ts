import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import { AuditService } from '../../../audit/audit.service';
import { RuleViolationException } from '../../../common/errors';
import { UnitOfWork } from '../../../database/unit-of-work';
import { PersonIndexRepository } from '../persistence/person-index.repository';
import { PersonLinksService } from './person-links.service';
import { personMerges, SUMMARY } from '../persistence/person-merge.repository';

export interface MergeView {
  id: string;
  fromPersonId: string;
  intoPersonId: string;
  mergedAt: Date;
  revertedAt: Date | null;
  moved: { subjects: number; householdMembers: number; names: number; addresses: number; flags: number };
}

/**
 * Merging two person records found to be one person (SPEC PPL-1), and reverting it exactly. A merge
 * moves the contact links, names, addresses and flags of one person onto the other and marks it
 * merged; the merge row lists what moved, so a revert moves back precisely that (what has since been
 * unlinked stays unlinked).
 */
@Injectable()
export class PersonMergesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly writer: PersonIndexRepository,
    private readonly links: PersonLinksService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  merge(actor: Actor, fromPersonId: string, intoPersonId: string, reason: string): Promise<MergeView> {
    if (fromPersonId === intoPersonId) {
      throw new RuleViolationException('A person cannot be merged into itself', [{ field: 'intoPersonId', rule: 'PPL-1.merge-self', message: 'Choose a different person' }]);
    }
    return this.uow.run(async (em) => {
      const persons = await personMerges.lockPersons(em, [fromPersonId, intoPersonId]);
      const from = persons.get(fromPersonId);
      const into = persons.get(intoPersonId);
      if (!from || !into) throw new NotFoundException('No such person');
      if (from.merged_into_id || into.merged_into_id) throw new ConflictException('One of these persons is already merged into another');
      if (from.nhs_number && into.nhs_number && from.nhs_number !== into.nhs_number) {
        throw new RuleViolationException('The NHS numbers differ: these are different people', [{ field: 'intoPersonId', rule: 'PPL-1.nhs-mismatch', message: 'The two persons have different NHS numbers' }]);
      }
      const moveAll = (table: Parameters<typeof personMerges.moveAll>[1]) => personMerges.moveAll(em, table, fromPersonId, intoPersonId);
      const subjects = await moveAll('contact_subject');
      const household = await moveAll('contact_household_member');
      const names = await moveAll('person_name');
      const addresses = await moveAll('person_address');
      const flags = await moveAll('person_flag');
      await personMerges.moveMatches(em, fromPersonId, intoPersonId);
      // Merged first, so the unique NHS number index lets the survivor take the merged person's number.
      await personMerges.setMergedInto(em, fromPersonId, intoPersonId);
      await this.writer.refreshSummaries(em, [intoPersonId]);
      const summaryBefore = Object.fromEntries(SUMMARY.map((k) => [k, into[k]]));
      const mergeId = await personMerges.insert(em, { fromPersonId, intoPersonId, reason, subjects, household, names, addresses, flags, summaryBefore, at: this.now(), userId: actor.userId });
      await this.followContacts(em, [...subjects, ...household]);
      const moved = { subjects: subjects.length, householdMembers: household.length, names: names.length, addresses: addresses.length, flags: flags.length };
      await this.audit.record(em, actor, { action: 'person.merged', entityType: 'person', entityId: intoPersonId, summary: { fromPersonId, intoPersonId, mergeId, moved } });
      return { id: mergeId, fromPersonId, intoPersonId, mergedAt: this.now(), revertedAt: null, moved };
    });
  }

  revert(actor: Actor, mergeId: string): Promise<MergeView> {
    return this.uow.run(async (em) => {
      const merge = await personMerges.lockMerge(em, mergeId);
      if (!merge) throw new NotFoundException('No such merge');
      if (merge.reverted_at) throw new ConflictException('This merge was already reverted');
      const from: string = merge.from_person_id;
      const into: string = merge.into_person_id;
      await personMerges.lockPersons(em, [from, into]);
      const moveBack = (table: Parameters<typeof personMerges.moveBack>[1], ids: string[]) => personMerges.moveBack(em, table, from, into, ids);
      const subjects = await moveBack('contact_subject', merge.moved_subject_ids);
      const household = await moveBack('contact_household_member', merge.moved_household_ids);
      const names = await moveBack('person_name', merge.moved_name_ids);
      const addresses = await moveBack('person_address', merge.moved_address_ids);
      const flags = await moveBack('person_flag', merge.moved_flag_ids);
      await personMerges.moveMatchesBack(em, from, into, [...subjects, ...household]);
      // The survivor's own summary first (it may hold the merged person's NHS number), then un-merge.
      await personMerges.restoreSummary(em, into, merge.into_summary_before);
      await this.writer.refreshSummaries(em, [into]);
      await personMerges.setMergedInto(em, from, null);
      await this.writer.refreshSummaries(em, [from]);
      await personMerges.markReverted(em, mergeId, this.now(), actor.userId);
      await this.followContacts(em, [...subjects, ...household]);
      const moved = { subjects: subjects.length, householdMembers: household.length, names: names.length, addresses: addresses.length, flags: flags.length };
      await this.audit.record(em, actor, { action: 'person.merge_reverted', entityType: 'person', entityId: from, summary: { fromPersonId: from, intoPersonId: into, mergeId, moved } });
      return { id: mergeId, fromPersonId: from, intoPersonId: into, mergedAt: merge.merged_at, revertedAt: this.now(), moved };
    });
  }

  /** Relationships and flags of every contact whose links moved. */
  private async followContacts(em: EntityManager, sourceIds: string[]): Promise<void> {
    if (!sourceIds.length) return;
    for (const contactId of await personMerges.contactsOfSources(em, sourceIds)) await this.links.afterChange(em, contactId);
  }
}
