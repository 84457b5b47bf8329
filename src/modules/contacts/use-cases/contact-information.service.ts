import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../../../audit/audit.service';
import { Actor, isMashStaff } from '../../../auth/actor';
import { RuleViolationException } from '../../../common/errors';
import { UnitOfWork } from '../../../database/unit-of-work';
import { CIN_CODE_LISTS } from '../code-lists.provider';
import { londonDate } from '../../../common/london-date';
import type { CinCodeLists } from '../domain/code-lists';
import { checkConcerns } from '../domain/contact-rules';
import type { AddInformationDto } from '../dto/add-information.dto';
import { INSERT_INFORMATION_SQL } from '../persistence/contact-sql';
import { concernRows, evidenceRows } from '../persistence/contact-rows';
import { isUuid } from '../../../common/uuid';

export interface InformationReceipt {
  informationId: string;
  contactId: string;
  addedAt: string;
  concernIds: string[];
  evidenceIds: string[];
}


/**
 * Information added after a contact was received (SPEC INT-7, Q 8.11: the photo that stayed on a
 * phone): new concerns, new evidence, a note. By the referrer who made the contact, MASH staff, or the
 * holder of a public contact's tracking token. Audited.
 */
@Injectable()
export class ContactInformationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
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

  private add(
    actor: Actor, contactId: string, dto: AddInformationDto, source: 'referrer' | 'mash_staff' | 'public', allowed: (submittedBy: string | null) => boolean,
  ): Promise<InformationReceipt> {
    const concerns = dto.concerns ?? [];
    const evidence = dto.evidence ?? [];
    const addedAt = this.now();
    return this.uow.run(async (em) => {
      // The row lock serialises additions to one contact, so their positions cannot collide.
      const [contact] = await em.query(
        `SELECT c.submitted_by_user_id, ARRAY(SELECT s.id FROM contact_subject s WHERE s.contact_id = c.id ORDER BY s.position) AS subject_ids
           FROM contact c WHERE c.id = $1 FOR UPDATE OF c`,
        [contactId],
      );
      if (!contact || !allowed(contact.submitted_by_user_id)) throw new NotFoundException('No contact with this id');
      this.check(dto, contact.subject_ids.length, addedAt);
      const informationId = randomUUID();
      const rows = {
        information: { id: informationId, contact_id: contactId, added_at: addedAt.toISOString(), source, added_by_user_id: actor.userId, added_by_role: actor.role, note: dto.note ?? null },
        concerns: concernRows(concerns, contactId, 0, contact.subject_ids, addedAt, informationId),
        evidence: evidenceRows(evidence, contactId, 0, addedAt, informationId),
      };
      await em.query(INSERT_INFORMATION_SQL, [JSON.stringify(rows)]);
      await this.audit.record(em, actor, {
        action: 'contact.information-added', entityType: 'contact', entityId: contactId,
        summary: { informationId, source, concerns: concerns.length, evidence: evidence.length, note: dto.note ? true : false },
      });
      return {
        informationId, contactId, addedAt: addedAt.toISOString(), concernIds: rows.concerns.map((k) => k.id as string), evidenceIds: rows.evidence.map((e) => e.id as string),
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
