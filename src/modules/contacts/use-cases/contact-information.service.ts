import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../../../audit/audit.service';
import { Actor, isMashStaff } from '../../../auth/actor';
import { RuleViolationException } from '../../../common/errors';
import { UnitOfWork } from '../../../database/unit-of-work';
import { CIN_CODE_LISTS } from '../code-lists.provider';
import { londonDate, londonYear } from '../../../common/london-date';
import type { CinCodeLists } from '../domain/code-lists';
import { checkConcerns } from '../domain/contact-rules';
import type { AddInformationDto } from '../dto/add-information.dto';
import { concernRows, evidenceRows } from '../persistence/contact-rows';
import { contactInformationRows } from '../persistence/contact-information.repository';
import { ReferenceSequences } from '../persistence/reference-sequence.repository';
import { isUuid } from '../../../common/uuid';
import { OutboxService } from '../../../queue/outbox.service';
import { jobId, QUEUES } from '../../../queue/queue-names';
import { CLOSED_STATUSES, CONTACT_JOBS } from '../domain/contact-vocabulary';

export interface InformationReceipt {
  informationId: string;
  /** The contact the information is on: the one named, or the new contact it opened (followsContactId). */
  contactId: string;
  reference: string;
  /** Set when every child of the contact named was already decided: a new contact was opened, following it. */
  followsContactId: string | null;
  addedAt: string;
  concernIds: string[];
  evidenceIds: string[];
}

/**
 * Information added after a contact was received (SPEC INT-7, Q 8.11: the photo that stayed on a
 * phone): new concerns, new evidence, a note. By the referrer who made the contact, MASH staff, or the
 * holder of a public contact's tracking token. Audited. New information reaches a person: on an open
 * contact it moves the contact's updated time and queues a triage job (re-run the provisional rules,
 * tell the holder); on a contact whose children are all decided it never becomes a note on a closed
 * record but opens a new contact following it (DUD 5.8-5.18), which is triaged as any new contact is
 * and counts as a re-contact for the children's history.
 */
@Injectable()
export class ContactInformationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly sequences: ReferenceSequences,
    @Inject(CIN_CODE_LISTS) private readonly codes: CinCodeLists,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** An account: MASH staff on any contact, anyone else only on a contact they made (else 404). */
  addByUser(actor: Actor, contactId: string, dto: AddInformationDto): Promise<InformationReceipt> {
    if (!isUuid(contactId)) throw new NotFoundException('No contact with this id');
    const staff = isMashStaff(actor);
    return this.add(actor, contactId, dto, staff ? 'mash_staff' : 'referrer', (submittedBy) => staff || submittedBy === actor.userId);
  }

  /** The public tracking-token holder; the caller has already matched the token to this contact. */
  addByPublic(actor: Actor, contactId: string, dto: AddInformationDto): Promise<InformationReceipt> {
    return this.add(actor, contactId, dto, 'public', () => true);
  }

  private async add(
    actor: Actor, contactId: string, dto: AddInformationDto, source: 'referrer' | 'mash_staff' | 'public', allowed: (submittedBy: string | null) => boolean,
  ): Promise<InformationReceipt> {
    const concerns = dto.concerns ?? [];
    const evidence = dto.evidence ?? [];
    const addedAt = this.now();
    await this.sequences.ensure(londonYear(addedAt)); // a follow-up contact may need this year's reference sequence
    return this.uow.run(async (em) => {
      const contact = await contactInformationRows.lock(em, contactId);
      if (!contact || !allowed(contact.submittedByUserId)) throw new NotFoundException('No contact with this id');
      this.check(dto, contact.subjectIds.length, addedAt);
      const closed = CLOSED_STATUSES.includes(contact.status);
      let holder = { id: contactId, reference: contact.reference, subjectIds: contact.subjectIds };
      if (closed) {
        const subjectIds = contact.subjectIds.map(() => randomUUID());
        const created = await contactInformationRows.insertFollowUp(em, { id: randomUUID(), originalContactId: contactId, year: londonYear(addedAt), at: addedAt, subjectIds });
        holder = { ...created, subjectIds };
      }
      const informationId = randomUUID();
      const rows = {
        information: { id: informationId, contact_id: holder.id, added_at: addedAt.toISOString(), source, added_by_user_id: actor.userId, added_by_role: actor.role, note: dto.note ?? null },
        concerns: concernRows(concerns, holder.id, 0, holder.subjectIds, addedAt, informationId),
        evidence: evidenceRows(evidence, holder.id, 0, addedAt, informationId),
      };
      await contactInformationRows.insert(em, rows);
      if (closed) {
        await this.audit.record(em, actor, {
          action: 'contact.created', entityType: 'contact', entityId: holder.id,
          summary: { followsContactId: contactId, reason: 'information after every child was decided', informationId, source },
        });
        await this.outbox.add(em, { queue: QUEUES.triage, jobName: CONTACT_JOBS.received, jobId: jobId('triage', holder.id), payload: { contactId: holder.id } });
      } else {
        await contactInformationRows.touch(em, contactId, addedAt);
        await this.outbox.add(em, { queue: QUEUES.triage, jobName: CONTACT_JOBS.informationAdded, jobId: jobId('triage-information', informationId), payload: { contactId, informationId } });
      }
      await this.audit.record(em, actor, {
        action: 'contact.information-added', entityType: 'contact', entityId: holder.id,
        summary: { informationId, source, concerns: concerns.length, evidence: evidence.length, note: dto.note ? true : false, ...(closed ? { followsContactId: contactId } : {}) },
      });
      return {
        informationId, contactId: holder.id, reference: holder.reference, followsContactId: closed ? contactId : null,
        addedAt: addedAt.toISOString(), concernIds: rows.concerns.map((k) => k.id as string), evidenceIds: rows.evidence.map((e) => e.id as string),
      };
    });
  }

  private check(dto: AddInformationDto, subjectCount: number, addedAt: Date): void {
    const concerns = dto.concerns ?? [];
    const breaks = checkConcerns(concerns, subjectCount, {
      contactDate: londonDate(addedAt), kind: 'professional', referralSources: this.codes.referralSources, cinFactorCodes: this.codes.cinFactorCodes,
    }, 'concerns');
    if (!dto.note?.trim() && concerns.length === 0 && (dto.evidence ?? []).length === 0) {
      breaks.push({ field: 'note', rule: 'INT-2.information-empty', message: 'Add a note, a concern or an evidence item' });
    }
    if (breaks.length) throw new RuleViolationException('The information cannot be added as it is: see details', breaks);
  }
}
