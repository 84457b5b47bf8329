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
import type { CinCodeLists } from '../domain/code-lists';
import { checkHouseholdMember } from '../domain/contact-rules';
import { CLOSED_STATUSES, CONTACT_JOBS } from '../domain/contact-vocabulary';
import { isHouseholdChild } from '../domain/household-children';
import type { HouseholdMemberDto } from '../dto/contact-parts.dto';
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
}
