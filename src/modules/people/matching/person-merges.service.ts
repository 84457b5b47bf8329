import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import { AuditService } from '../../../audit/audit.service';
import { RuleViolationException } from '../../../common/errors';
import { UnitOfWork } from '../../../database/unit-of-work';
import { PersonIndexWriter } from './person-index.writer';
import { PersonLinksService } from './person-links.service';

const SUMMARY = ['first_name', 'last_name', 'date_of_birth', 'expected_delivery_date', 'sex', 'nhs_number', 'postcode'] as const;

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
    private readonly writer: PersonIndexWriter,
    private readonly links: PersonLinksService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  merge(actor: Actor, fromPersonId: string, intoPersonId: string, reason: string): Promise<MergeView> {
    if (fromPersonId === intoPersonId) {
      throw new RuleViolationException('A person cannot be merged into itself', [{ field: 'intoPersonId', rule: 'PPL-1.merge-self', message: 'Choose a different person' }]);
    }
    return this.uow.run(async (em) => {
      const persons = await this.lockPersons(em, [fromPersonId, intoPersonId]);
      const from = persons.get(fromPersonId);
      const into = persons.get(intoPersonId);
      if (!from || !into) throw new NotFoundException('No such person');
      if (from.merged_into_id || into.merged_into_id) throw new ConflictException('One of these persons is already merged into another');
      if (from.nhs_number && into.nhs_number && from.nhs_number !== into.nhs_number) {
        throw new RuleViolationException('The NHS numbers differ: these are different people', [{ field: 'intoPersonId', rule: 'PPL-1.nhs-mismatch', message: 'The two persons have different NHS numbers' }]);
      }
      const moveAll = async (table: string) => ((await em.query(`UPDATE ${table} SET person_id = $2 WHERE person_id = $1 RETURNING id`, [fromPersonId, intoPersonId]))[0] as { id: string }[]).map((r) => r.id);
      const subjects = await moveAll('contact_subject');
      const household = await moveAll('contact_household_member');
      const names = await moveAll('person_name');
      const addresses = await moveAll('person_address');
      const flags = await moveAll('person_flag');
      await em.query('UPDATE person_match SET person_id = $2 WHERE person_id = $1', [fromPersonId, intoPersonId]);
      // Merged first, so the unique NHS number index lets the survivor take the merged person's number.
      await em.query('UPDATE person SET merged_into_id = $2, updated_at = now() WHERE id = $1', [fromPersonId, intoPersonId]);
      await this.writer.refreshSummaries(em, [intoPersonId]);
      const summaryBefore = Object.fromEntries(SUMMARY.map((k) => [k, into[k]]));
      const [merge] = await em.query(
        `INSERT INTO person_merge (from_person_id, into_person_id, reason, moved_subject_ids, moved_household_ids, moved_name_ids, moved_address_ids, moved_flag_ids, into_summary_before, merged_at, merged_by_user_id)
         VALUES ($1, $2, $11, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [fromPersonId, intoPersonId, subjects, household, names, addresses, flags, JSON.stringify(summaryBefore), this.now(), actor.userId, reason],
      );
      await this.followContacts(em, [...subjects, ...household]);
      const moved = { subjects: subjects.length, householdMembers: household.length, names: names.length, addresses: addresses.length, flags: flags.length };
      await this.audit.record(em, actor, { action: 'person.merged', entityType: 'person', entityId: intoPersonId, summary: { fromPersonId, intoPersonId, mergeId: merge.id, moved } });
      return { id: merge.id, fromPersonId, intoPersonId, mergedAt: this.now(), revertedAt: null, moved };
    });
  }

  revert(actor: Actor, mergeId: string): Promise<MergeView> {
    return this.uow.run(async (em) => {
      const [merge] = await em.query('SELECT * FROM person_merge WHERE id = $1 FOR UPDATE', [mergeId]);
      if (!merge) throw new NotFoundException('No such merge');
      if (merge.reverted_at) throw new ConflictException('This merge was already reverted');
      const from: string = merge.from_person_id;
      const into: string = merge.into_person_id;
      await this.lockPersons(em, [from, into]);
      const moveBack = async (table: string, ids: string[]) =>
        ((await em.query(`UPDATE ${table} SET person_id = $1 WHERE id = ANY($3::uuid[]) AND person_id = $2 RETURNING id`, [from, into, ids]))[0] as { id: string }[]).map((r) => r.id);
      const subjects = await moveBack('contact_subject', merge.moved_subject_ids);
      const household = await moveBack('contact_household_member', merge.moved_household_ids);
      const names = await moveBack('person_name', merge.moved_name_ids);
      const addresses = await moveBack('person_address', merge.moved_address_ids);
      const flags = await moveBack('person_flag', merge.moved_flag_ids);
      await em.query('UPDATE person_match SET person_id = $1 WHERE source_id = ANY($3::uuid[]) AND person_id = $2', [from, into, [...subjects, ...household]]);
      // The survivor's own summary first (it may hold the merged person's NHS number), then un-merge.
      const before = merge.into_summary_before as Record<string, unknown>;
      await em.query(`UPDATE person SET ${SUMMARY.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [into, ...SUMMARY.map((k) => before[k] ?? (k === 'sex' ? 'U' : null))]);
      await this.writer.refreshSummaries(em, [into]);
      await em.query('UPDATE person SET merged_into_id = NULL, updated_at = now() WHERE id = $1', [from]);
      await this.writer.refreshSummaries(em, [from]);
      await em.query('UPDATE person_merge SET reverted_at = $2, reverted_by_user_id = $3 WHERE id = $1', [mergeId, this.now(), actor.userId]);
      await this.followContacts(em, [...subjects, ...household]);
      const moved = { subjects: subjects.length, householdMembers: household.length, names: names.length, addresses: addresses.length, flags: flags.length };
      await this.audit.record(em, actor, { action: 'person.merge_reverted', entityType: 'person', entityId: from, summary: { fromPersonId: from, intoPersonId: into, mergeId, moved } });
      return { id: mergeId, fromPersonId: from, intoPersonId: into, mergedAt: merge.merged_at, revertedAt: this.now(), moved };
    });
  }

  private async lockPersons(em: EntityManager, ids: string[]): Promise<Map<string, Record<string, string | null>>> {
    const rows: Record<string, string | null>[] = await em.query(
      `SELECT id, merged_into_id, ${SUMMARY.map((k) => (k.includes('date') ? `${k}::text` : k)).join(', ')} FROM person WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id as string, r]));
  }

  /** Relationships and flags of every contact whose links moved. */
  private async followContacts(em: EntityManager, sourceIds: string[]): Promise<void> {
    if (!sourceIds.length) return;
    const contacts: { contact_id: string }[] = await em.query(
      `SELECT contact_id FROM contact_subject WHERE id = ANY($1::uuid[]) UNION SELECT contact_id FROM contact_household_member WHERE id = ANY($1::uuid[])`,
      [sourceIds],
    );
    for (const { contact_id } of contacts) await this.links.afterChange(em, contact_id);
  }
}
