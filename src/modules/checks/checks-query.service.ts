import { Injectable, NotFoundException } from '@nestjs/common';
import { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page } from '../../common/pagination';
import { contactParts } from '../contacts/contact-records';
import { ChecksSettings } from './checks-settings';
import { CheckPartnerView, ContactChecksView, partnerView, staffView } from './check-views';
import { outstandingChecks, policeCheckStatuses } from './domain/required-checks';
import { MyChecksQueryDto } from './dto/check.dto';
import { UnitOfWork } from '../../database/unit-of-work';
import { AgencyCheckRepository } from './persistence/agency-check.repository';
import { existing, RequiredChecksService } from './required-checks.service';

/** Reads of checks; each read of a child's details is audited (SPEC MGT-4). */
@Injectable()
export class ChecksQueryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly checks: AgencyCheckRepository,
    private readonly audit: AuditService,
    private readonly required: RequiredChecksService,
    private readonly settings: ChecksSettings,
  ) {}

  /** A partner's or police user's list: the checks asked of their agency (by id, or by its type), newest first. */
  async mine(actor: Actor, query: MyChecksQueryDto): Promise<Page<CheckPartnerView>> {
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    return this.uow.read(async (em) => {
      const agency = actor.agencyId ? await this.checks.agency(em, actor.agencyId) : null;
      if (!agency) return { items: [], nextCursor: null };
      const rows = await this.checks.pageForAgency(em, agency, { status: query.status, before: after, limit: limit + 1 });
      const page = rows.slice(0, limit);

      const subjectIds = [...new Set(page.flatMap((c) => c.subjectIds))];
      const memberIds = [...new Set(page.flatMap((c) => c.householdMemberIds))];
      const [subjects, members] = await Promise.all([
        subjectIds.length ? contactParts.subjectsByIds(em, subjectIds) : [],
        memberIds.length ? contactParts.householdByIds(em, memberIds) : [],
      ]);
      await this.audit.recordMany(
        em,
        actor,
        page.map((c) => ({ action: 'agency_check.read', entityType: 'agency_check', entityId: c.id, summary: { contactId: c.contactId, view: 'partner' } })),
      );
      const last = page[page.length - 1];
      return {
        items: page.map((c) => partnerView(c, subjects, members)),
        nextCursor: rows.length > limit ? encodeTimeIdCursor(last.requestedAt, last.id) : null,
      };
    });
  }

  /** How many checks asked of the caller's agency are in a status: a count, so no read of any child's details. */
  mineCount(actor: Actor, status: string): Promise<number> {
    return this.uow.read(async (em) => {
      const agency = actor.agencyId ? await this.checks.agency(em, actor.agencyId) : null;
      return agency ? this.checks.countForAgency(em, agency, status) : 0;
    });
  }

  /** One check asked of the caller's agency, as `mine` shows it; anything else is 404 (never reveal the check). */
  async oneForAgency(actor: Actor, id: string): Promise<CheckPartnerView> {
    return this.uow.read(async (em) => {
      const agency = actor.agencyId ? await this.checks.agency(em, actor.agencyId) : null;
      const c = agency ? await this.checks.find(em, id) : null;
      if (!agency || !c || !(c.agencyId ? c.agencyId === agency.id : c.agencyType === agency.type)) throw new NotFoundException('No such check');
      const [subjects, members] = await Promise.all([
        c.subjectIds.length ? contactParts.subjectsByIds(em, c.subjectIds) : [],
        c.householdMemberIds.length ? contactParts.householdByIds(em, c.householdMemberIds) : [],
      ]);
      await this.audit.recordRead(actor, 'agency_check', c.id, { contactId: c.contactId, view: 'partner' });
      return partnerView(c, subjects, members);
    });
  }

  /** MASH staff: every check on the contact, each household adult's police-check status, and what is required. */
  async forContact(actor: Actor, contactId: string): Promise<ContactChecksView> {
    const picture = await this.uow.read((em) => this.required.picture(em, contactId));
    if (!picture) throw new NotFoundException('No such contact');
    await this.audit.recordRead(actor, 'contact', contactId, { view: 'checks' });
    const checks = picture.checks.map(existing);
    const grades = this.settings.config.requiredForGrades;
    const required = grades.length ? this.required.required(picture, grades[0]) : [];
    const outstanding = new Set(outstandingChecks(required, checks).map((r) => `${r.checkType} ${r.scope}`));
    const byId = new Map(picture.household.map((m) => [m.id, m]));
    return {
      contactId,
      checks: [...picture.checks].reverse().map(staffView),
      householdAdults: policeCheckStatuses(picture.facts, checks).map((p) => {
        const m = byId.get(p.householdMemberId)!;
        return { householdMemberId: m.id, firstName: m.firstName, lastName: m.lastName, relationship: m.relationship, policeCheckStatus: p.status, policeCheckId: p.checkId };
      }),
      requiredChecks: {
        appliesToGrades: grades,
        items: required.map((r) => ({ checkType: r.checkType, scope: r.scope, requiredBy: r.requiredBy, outstanding: outstanding.has(`${r.checkType} ${r.scope}`) })),
      },
    };
  }
}
