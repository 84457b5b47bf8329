import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../../audit/audit.service';
import type { Actor } from '../../../auth/actor';
import { RuleViolationException } from '../../../common/errors';
import { londonDate } from '../../../common/london-date';
import type { RuleBreak } from '../../../common/rule-break';
import { isUuid } from '../../../common/uuid';
import { UnitOfWork } from '../../../database/unit-of-work';
import { OutboxService } from '../../../queue/outbox.service';
import { jobId, QUEUES } from '../../../queue/queue-names';
import { CIN_CODE_LISTS } from '../code-lists.provider';
import { HouseholdPeople } from '../household-people';
import type { CinCodeLists } from '../domain/code-lists';
import { checkHouseholdMember } from '../domain/contact-rules';
import { CLOSED_STATUSES, CONTACT_JOBS } from '../domain/contact-vocabulary';
import { isHouseholdChild } from '../domain/household-children';
import type { HouseholdLeftDto, HouseholdMemberDto } from '../dto/contact-parts.dto';
import { contactHouseholdRows } from '../persistence/contact-household.repository';
import { contactInformationRows } from '../persistence/contact-information.repository';
import { householdChildRow, householdRow } from '../persistence/contact-rows';

export interface HouseholdMemberReceipt {
  contactId: string;
  householdMemberId: string;
  /** A child in the household is a subject of the contact too, graded and decided (SPEC INT-4); null for an adult. */
  subjectId: string | null;
  child: boolean;
}

export interface HouseholdLeaverReceipt {
  contactId: string;
  householdMemberId: string;
  leftAt: string;
  /** The person's relationships with the contact's children that ended (validTo = leftAt). */
  endedRelationshipIds: string[];
}

/**
 * People change (SPEC INT-4, CHK-5, PPL-2): MASH staff add an adult or a child to the household of
 * an open contact. A child becomes a subject of the contact (it gets a grade and a decision); an
 * adult is one more person the required checks cover (a police check each, CHK-5). Either way a
 * triage job re-runs the rules and tells the worker holding the contact what the change asks of them.
 */
@Injectable()
export class ContactHouseholdService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly householdChanges: HouseholdPeople,
    @Inject(CIN_CODE_LISTS) private readonly codes: CinCodeLists,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  add(actor: Actor, contactId: string, dto: HouseholdMemberDto): Promise<HouseholdMemberReceipt> {
    if (!isUuid(contactId)) throw new NotFoundException('No contact with this id');
    const at = this.now();
    const today = londonDate(at);
    const breaks: RuleBreak[] = [];
    checkHouseholdMember(dto, 'household', { contactDate: today, kind: 'professional', referralSources: this.codes.referralSources, cinFactorCodes: this.codes.cinFactorCodes }, breaks);
    if (breaks.length) throw new RuleViolationException('The person cannot be added as they are: see details', breaks);
    return this.uow.run(async (em) => {
      const contact = await contactInformationRows.lock(em, contactId);
      if (!contact) throw new NotFoundException('No contact with this id');
      if (CLOSED_STATUSES.includes(contact.status)) {
        throw new ConflictException('Every child of this contact is decided: add the person on a new contact (information added to it opens one)');
      }
      const member = householdRow(dto, contactId, 0);
      const child = isHouseholdChild(dto, today);
      const subject = child ? householdChildRow(dto, member.id as string, contactId, 0) : null;
      await contactHouseholdRows.add(em, contactId, member, subject);
      await contactInformationRows.touch(em, contactId, at);
      // Matched to the person index now, so their relationships with the children start when they joined (PPL-2).
      await this.householdChanges.householdChanged(em, actor, { contactId, at });
      const householdMemberId = member.id as string;
      await this.audit.record(em, actor, {
        action: 'contact.household-member-added', entityType: 'contact', entityId: contactId,
        summary: { householdMemberId, subjectId: subject?.id ?? null, relationship: dto.relationship, child },
      });
      await this.outbox.add(em, {
        queue: QUEUES.triage, jobName: CONTACT_JOBS.householdChanged, jobId: jobId('triage-household', householdMemberId),
        payload: { contactId, householdMemberId, adult: !child },
      });
      return { contactId, householdMemberId, subjectId: (subject?.id as string | undefined) ?? null, child };
    });
  }

  /**
   * A member left the children's household (SPEC PPL-2): recorded on the open contact, and the
   * person's relationships with its children end when they left, in the same transaction. The rules
   * run again (they may no longer live there) and the worker holding the contact is told.
   */
  left(actor: Actor, contactId: string, memberId: string, dto: HouseholdLeftDto): Promise<HouseholdLeaverReceipt> {
    if (!isUuid(contactId) || !isUuid(memberId)) throw new NotFoundException('No such household member on this contact');
    const now = this.now();
    const at = dto.leftAt ? new Date(dto.leftAt) : now;
    if (at.getTime() > now.getTime()) {
      throw new RuleViolationException('The leaving time cannot be in the future', [{ field: 'leftAt', rule: 'PPL-2.left-not-future', message: 'leftAt must not be in the future' }]);
    }
    return this.uow.run(async (em) => {
      const contact = await contactInformationRows.lock(em, contactId);
      if (!contact) throw new NotFoundException('No such household member on this contact');
      let member = await contactHouseholdRows.member(em, contactId, memberId);
      if (!member) throw new NotFoundException('No such household member on this contact');
      if (CLOSED_STATUSES.includes(contact.status)) {
        throw new ConflictException('Every child of this contact is decided: record the change on a new contact (information added to it opens one)');
      }
      if (member.leftAt) throw new ConflictException('This member is already recorded as having left the household');
      if (!member.personId) {
        // Not matched to the person index yet: match the contact first, so the leaver is a person whose relationships can end.
        await this.householdChanges.householdChanged(em, actor, { contactId, at: now });
        member = (await contactHouseholdRows.member(em, contactId, memberId))!;
      }
      await contactHouseholdRows.markLeft(em, memberId, at);
      await contactInformationRows.touch(em, contactId, now);
      const { ended } = await this.householdChanges.householdChanged(em, actor, { contactId, at, leftPersonIds: member.personId ? [member.personId] : [] });
      await this.audit.record(em, actor, {
        action: 'contact.household-member-left', entityType: 'contact', entityId: contactId,
        summary: { householdMemberId: memberId, leftAt: at.toISOString(), endedRelationshipIds: ended.map((e) => e.id) },
      });
      await this.outbox.add(em, {
        queue: QUEUES.triage, jobName: CONTACT_JOBS.householdChanged, jobId: jobId('triage-household-left', memberId),
        payload: { contactId, householdMemberId: memberId, adult: false, left: true },
      });
      return { contactId, householdMemberId: memberId, leftAt: at.toISOString(), endedRelationshipIds: ended.map((e) => e.id) };
    });
  }
}
