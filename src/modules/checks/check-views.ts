import type { HouseholdMemberRow, SubjectRow } from '../contacts/contact-records';
import { CHECK_RESPONSES } from './domain/check-vocabulary';
import type { PoliceCheckStatus } from './domain/required-checks';
import type { AgencyCheck } from './persistence/agency-check.entity';

/** What MASH staff see of a check: all of it. */
export interface CheckStaffView {
  id: string;
  contactId: string;
  agencyId: string | null;
  agencyType: string;
  checkType: string;
  subjectIds: string[];
  subjectPersonIds: string[];
  householdMemberIds: string[];
  reason: string;
  questions: string[];
  lawfulBasis: string;
  requestedByUserId: string;
  requestedAt: Date;
  dueAt: Date;
  dueAtSource: string;
  status: string;
  response: { summary: string | null; reason: string | null; respondedByUserId: string | null; respondedByAgencyId: string | null; respondedAt: Date | null } | null;
  waiver: { waivedByUserId: string; waivedAt: Date; reason: string } | null;
}

/**
 * What the asked agency sees: the question, and only the names and dates of birth of the people it
 * is about, never the contact itself, the referrer or other agencies' answers (SPEC §0, FB-5).
 */
export interface CheckPartnerView {
  id: string;
  checkType: string;
  status: string;
  reason: string;
  questions: string[];
  lawfulBasis: string;
  requestedAt: Date;
  dueAt: Date;
  children: { firstName: string | null; lastName: string | null; dateOfBirth: string | null; expectedDeliveryDate: string | null }[];
  adults: { firstName: string | null; lastName: string | null; dateOfBirth: string | null; relationship: string }[];
  response: { summary: string | null; reason: string | null; respondedAt: Date | null } | null;
}

export interface ContactChecksView {
  contactId: string;
  checks: CheckStaffView[];
  /** CHK-5: every adult in the household with their police-check status. */
  householdAdults: { householdMemberId: string; firstName: string | null; lastName: string | null; relationship: string; policeCheckStatus: PoliceCheckStatus; policeCheckId: string | null }[];
  /** CHK-1 to CHK-5: what a RED or AMBER decision on this contact needs, and what is still outstanding. */
  requiredChecks: { appliesToGrades: string[]; items: { checkType: string; scope: string; requiredBy: string; outstanding: boolean }[] };
}

const isAnswered = (c: AgencyCheck) => (CHECK_RESPONSES as readonly string[]).includes(c.status);

export function staffView(c: AgencyCheck): CheckStaffView {
  const answered = isAnswered(c);
  return {
    id: c.id,
    contactId: c.contactId,
    agencyId: c.agencyId,
    agencyType: c.agencyType,
    checkType: c.checkType,
    subjectIds: c.subjectIds,
    subjectPersonIds: c.subjectPersonIds,
    householdMemberIds: c.householdMemberIds,
    reason: c.reason,
    questions: c.questions,
    lawfulBasis: c.lawfulBasis,
    requestedByUserId: c.requestedByUserId,
    requestedAt: c.requestedAt,
    dueAt: c.dueAt,
    dueAtSource: c.dueAtSource,
    status: c.status,
    response: answered ? { summary: c.responseSummary, reason: c.responseReason, respondedByUserId: c.respondedByUserId, respondedByAgencyId: c.respondedByAgencyId, respondedAt: c.respondedAt } : null,
    waiver: c.status === 'waived' ? { waivedByUserId: c.waivedByUserId!, waivedAt: c.waivedAt!, reason: c.waiverReason! } : null,
  };
}

export function partnerView(c: AgencyCheck, subjects: SubjectRow[], household: HouseholdMemberRow[]): CheckPartnerView {
  const answered = isAnswered(c);
  return {
    id: c.id,
    checkType: c.checkType,
    status: c.status,
    reason: c.reason,
    questions: c.questions,
    lawfulBasis: c.lawfulBasis,
    requestedAt: c.requestedAt,
    dueAt: c.dueAt,
    children: subjects
      .filter((s) => c.subjectIds.includes(s.id))
      .map((s) => ({ firstName: s.firstName, lastName: s.lastName, dateOfBirth: s.dateOfBirth, expectedDeliveryDate: s.expectedDeliveryDate })),
    adults: household
      .filter((m) => c.householdMemberIds.includes(m.id))
      .map((m) => ({ firstName: m.firstName, lastName: m.lastName, dateOfBirth: m.dateOfBirth, relationship: m.relationship })),
    response: answered ? { summary: c.responseSummary, reason: c.responseReason, respondedAt: c.respondedAt } : null,
  };
}
