import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor } from '../../auth/actor';
import type { AgencyType } from '../../auth/roles';
import { AuditService } from '../../audit/audit.service';
import { RuleBreak, InvalidInputException, RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { CheckPartnerView, CheckStaffView, partnerView, staffView } from './check-views';
import { ChecksSettings } from './checks-settings';
import { plainDueAt } from './domain/check-due';
import { applyCheckEvent, CheckEvent } from './domain/check-state';
import { AGENCY_TYPES_FOR_CHECK, CheckType, DEFAULT_CHECK_TYPE_FOR_AGENCY } from './domain/check-vocabulary';
import { RespondCheckDto, RequestCheckDto, WaiveCheckDto } from './dto/check.dto';
import { AgencyCheck } from './persistence/agency-check.entity';
import { AgencyCheckRepository } from './persistence/agency-check.repository';
import { RequiredChecksService } from './required-checks.service';

/**
 * Requesting, answering and waiving agency checks (SPEC CHK-1 to CHK-5). Each change commits with its
 * audit event in one transaction.
 */
@Injectable()
export class ChecksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly required: RequiredChecksService,
    private readonly settings: ChecksSettings,
    private readonly checks: AgencyCheckRepository,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  request(actor: Actor, contactId: string, dto: RequestCheckDto): Promise<CheckStaffView> {
    return this.uow.run(async (em) => {
      const picture = await this.required.picture(em, contactId);
      if (!picture) throw new NotFoundException('No such contact');
      const { agencyId, agencyType } = await this.resolveAgency(em, dto);
      const checkType = this.resolveCheckType(dto.checkType, agencyType, dto.agencyId ?? null);
      const people = this.resolvePeople(dto, picture.subjects, picture.household);
      const now = this.now();
      let dueAt: Date;
      if (dto.dueAt) {
        dueAt = new Date(dto.dueAt);
        if (dueAt <= now) throw new RuleViolationException('The due time has passed', [{ field: 'dueAt', rule: 'CHK-1.due-in-future', message: 'dueAt must be in the future' }]);
      } else dueAt = plainDueAt(now, this.settings.config.defaultDueWorkingDays);

      const check = await this.checks.insert(em, {
          contactId,
          agencyId,
          agencyType,
          checkType,
          ...people,
          reason: dto.reason,
          questions: dto.questions,
          lawfulBasis: dto.lawfulBasis,
          requestedByUserId: actor.userId!,
          requestedAt: now,
          dueAt,
          dueAtSource: dto.dueAt ? 'requester' : 'default',
          status: 'requested',
      });
      await this.audit.record(em, actor, {
        action: 'agency_check.requested',
        entityType: 'agency_check',
        entityId: check.id,
        summary: { contactId, checkType, agencyId, agencyType, subjects: people.subjectIds.length, householdMembers: people.householdMemberIds.length, dueAtSource: check.dueAtSource },
      });
      return staffView(check);
    });
  }

  /** Only partner or police users of the asked agency may answer; anyone else gets 404 (never reveal the check). */
  respond(actor: Actor, checkId: string, dto: RespondCheckDto): Promise<CheckPartnerView> {
    return this.uow.run(async (em) => {
      const check = await this.checks.lock(em, checkId);
      if (!check || !(await this.isAskedOf(em, actor, check))) throw new NotFoundException('No such check');
      const next = this.transition(check, { kind: 'respond', status: dto.status, summary: dto.summary, reason: dto.reason });
      const now = this.now();
      Object.assign(check, {
        status: next,
        responseSummary: dto.summary?.trim() || null,
        responseReason: dto.reason?.trim() || null,
        respondedByUserId: actor.userId,
        respondedByAgencyId: actor.agencyId,
        respondedAt: now,
      });
      await this.checks.save(em, check);
      await this.audit.record(em, actor, { action: 'agency_check.responded', entityType: 'agency_check', entityId: check.id, summary: { contactId: check.contactId, checkType: check.checkType, status: next } });
      const { subjects, household } = (await this.required.picture(em, check.contactId))!;
      return partnerView(check, subjects, household);
    });
  }

  /** CHK-4: a manager lets a decision go ahead without this check, with a reason. */
  waive(actor: Actor, checkId: string, dto: WaiveCheckDto): Promise<CheckStaffView> {
    return this.uow.run(async (em) => {
      const check = await this.checks.lock(em, checkId);
      if (!check) throw new NotFoundException('No such check');
      this.transition(check, { kind: 'waive', reason: dto.reason });
      Object.assign(check, { status: 'waived', waivedByUserId: actor.userId, waivedAt: this.now(), waiverReason: dto.reason.trim() });
      await this.checks.save(em, check);
      await this.audit.record(em, actor, { action: 'agency_check.waived', entityType: 'agency_check', entityId: check.id, summary: { contactId: check.contactId, checkType: check.checkType } });
      return staffView(check);
    });
  }

  private transition(check: AgencyCheck, event: CheckEvent) {
    const result = applyCheckEvent(check.status, event);
    if (result.ok) return result.next;
    if (result.conflict) throw new ConflictException(result.message);
    throw new RuleViolationException(result.message, [{ field: result.field, rule: result.rule, message: result.message }]);
  }

  private async isAskedOf(em: EntityManager, actor: Actor, check: AgencyCheck): Promise<boolean> {
    if ((actor.role !== 'partner' && actor.role !== 'police') || !actor.agencyId) return false;
    if (check.agencyId) return check.agencyId === actor.agencyId;
    const agency = await this.checks.agency(em, actor.agencyId);
    return agency?.type === check.agencyType;
  }

  private async resolveAgency(em: EntityManager, dto: RequestCheckDto): Promise<{ agencyId: string | null; agencyType: AgencyType }> {
    if (!dto.agencyId) {
      if (!dto.agencyType) throw new InvalidInputException([{ field: 'agencyId', rule: 'agencyIdOrAgencyType', message: 'Give agencyId or agencyType: who is asked' }]);
      // A check carries the child's and adults' details: it goes to one named agency. A type names
      // one only where it has a single agency; otherwise every school (or GP practice) would read it.
      const ofType = await this.checks.agenciesOfType(em, dto.agencyType, 2);
      if (ofType.length !== 1) {
        throw new RuleViolationException('Name the agency to ask', [
          { field: 'agencyId', rule: 'CHK-1.one-agency', message: `There are ${ofType.length === 0 ? 'no' : 'several'} ${dto.agencyType} agencies: give agencyId` },
        ]);
      }
      return { agencyId: ofType[0].id, agencyType: dto.agencyType };
    }
    const agency = await this.checks.agency(em, dto.agencyId);
    if (!agency) throw new RuleViolationException('The agency does not exist', [{ field: 'agencyId', rule: 'exists', message: 'No agency has this id' }]);
    if (dto.agencyType && dto.agencyType !== agency.type) {
      throw new RuleViolationException('agencyType does not match the agency', [{ field: 'agencyType', rule: 'CHK-1.agency-type', message: `The agency is of type ${agency.type}, not ${dto.agencyType}` }]);
    }
    return { agencyId: agency.id, agencyType: agency.type };
  }

  private resolveCheckType(given: CheckType | undefined, agencyType: AgencyType, agencyId: string | null): CheckType {
    const checkType = given ?? DEFAULT_CHECK_TYPE_FOR_AGENCY[agencyType];
    if (!checkType) {
      throw new InvalidInputException([{ field: 'checkType', rule: 'isNotEmpty', message: `Say which check to ask a ${agencyType} agency for (checkType)` }]);
    }
    if (!AGENCY_TYPES_FOR_CHECK[checkType].includes(agencyType)) {
      const field = agencyId ? 'agencyId' : 'agencyType';
      const detail: RuleBreak =
        checkType === 'gp'
          ? { field, rule: 'CHK-2.gp-direct', message: `The GP check goes to the child's GP practice, not a ${agencyType} agency (SPEC CHK-2)` }
          : { field, rule: 'CHK-1.agency-type', message: `A ${checkType} check goes to a ${AGENCY_TYPES_FOR_CHECK[checkType].join(' or ')} agency, not ${agencyType}` };
      throw new RuleViolationException(detail.message, [detail]);
    }
    return checkType;
  }

  /** The children and adults the check is about, all of them on this contact; default every child. */
  private resolvePeople(
    dto: RequestCheckDto,
    subjects: { id: string; personId: string | null }[],
    household: { id: string; personId: string | null }[],
  ): { subjectIds: string[]; subjectPersonIds: string[]; householdMemberIds: string[] } {
    const problems: RuleBreak[] = [];
    const subjectIds = new Set<string>();
    const memberIds = new Set<string>();
    (dto.subjectIds ?? []).forEach((id, i) => {
      if (subjects.some((s) => s.id === id)) subjectIds.add(id);
      else problems.push({ field: `subjectIds[${i}]`, rule: 'exists', message: 'Not a child on this contact' });
    });
    (dto.householdMemberIds ?? []).forEach((id, i) => {
      if (household.some((m) => m.id === id)) memberIds.add(id);
      else problems.push({ field: `householdMemberIds[${i}]`, rule: 'exists', message: 'Not a household member on this contact' });
    });
    (dto.subjectPersonIds ?? []).forEach((personId, i) => {
      const subject = subjects.find((s) => s.personId === personId);
      const member = household.find((m) => m.personId === personId);
      if (subject) subjectIds.add(subject.id);
      if (member) memberIds.add(member.id);
      if (!subject && !member) problems.push({ field: `subjectPersonIds[${i}]`, rule: 'exists', message: 'This person is not linked to anyone on this contact' });
    });
    if (problems.length) throw new RuleViolationException('The check names people who are not on this contact', problems);
    const named = dto.subjectIds?.length || dto.householdMemberIds?.length || dto.subjectPersonIds?.length;
    return {
      subjectIds: named ? [...subjectIds] : subjects.map((s) => s.id),
      subjectPersonIds: dto.subjectPersonIds ?? [],
      householdMemberIds: [...memberIds],
    };
  }
}
