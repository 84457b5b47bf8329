import { randomUUID } from 'node:crypto';
import type { Channel, ConsentStatus, ReferrerType, Urgency } from '../domain/contact-vocabulary';
import { isHouseholdChild } from '../domain/household-children';
import { parseNhsNumber } from '../domain/nhs-number';
import type { ConcernDto, EvidenceDto, HouseholdMemberDto, SubjectDto } from '../dto/contact-parts.dto';
import { CONCERN_COLUMNS, CONTACT_COLUMNS, EVIDENCE_COLUMNS, HOUSEHOLD_COLUMNS, REFERRER_COLUMNS, Row, SUBJECT_COLUMNS } from './contact-sql';

/** A checked submission with everything the server decided (ids, time, referrer type, source). */
export interface NewContact {
  id: string;
  channel: Channel;
  receivedAt: Date;
  submittedByUserId: string | null;
  submittedByAgencyId: string | null;
  referrerType: ReferrerType;
  /** Children's social care attended the incident (STR-2); null when not said. */
  socialCareAttended?: boolean | null;
  anonymous: boolean;
  referralSource: string;
  referrerView: { isChildProtection?: boolean | null; harm?: string | null; whatShouldHappen?: string | null; urgency?: Urgency | null } | null | undefined;
  consent: { status: ConsentStatus; reason?: string | null } | null | undefined;
  referrer: { name?: string | null; role?: string | null; organisation?: string | null; phone?: string | null; email?: string | null; relationshipToChild?: string | null } | null;
  trackingTokenHash: string | null;
  idempotencyScope: string;
  idempotencyKey: string | null;
  requestHash: string;
  subjects: SubjectDto[];
  household: HouseholdMemberDto[];
  concerns: ConcernDto[];
  evidence: EvidenceDto[];
}

const v = <T>(value: T | null | undefined): T | null => (value === undefined ? null : value);
const postcode = (p: string | null | undefined) => (p ? p.trim().toUpperCase() : null);
const nhs = (n: string | null | undefined) => (n ? parseNhsNumber(n) : null);

export interface ContactRows {
  contact: Row<typeof CONTACT_COLUMNS>;
  referrer: Row<typeof REFERRER_COLUMNS>[];
  subjects: Row<typeof SUBJECT_COLUMNS>[];
  household: Row<typeof HOUSEHOLD_COLUMNS>[];
  concerns: Row<typeof CONCERN_COLUMNS>[];
  evidence: Row<typeof EVIDENCE_COLUMNS>[];
}

/** Makes the id of a new row: random (randomUUID) unless the caller writes many rows at once (common/time-ordered-uuid.ts). */
export type NewId = () => string;

/**
 * The rows of a new contact, keyed by column, with ids made here (by `newId`) so that no INSERT needs
 * to return them. `contactDate` (the London date received) given: every child listed in the household
 * is a subject too, after the named ones (SPEC INT-4), with its household row's id; the concerns keep
 * to the children they name (or, naming none, to the named children).
 */
export function toContactRows(c: NewContact, contactDate?: string, newId: NewId = randomUUID): ContactRows {
  const named = c.subjects.map((s, position) => subjectRow(s, c.id, position, newId));
  const household = c.household.map((m, position) => householdRow(m, c.id, position, newId));
  const listed =
    contactDate === undefined ? [] : c.household.flatMap((m, i) => (isHouseholdChild(m, contactDate) ? [householdChildRow(m, household[i].id as string, c.id, named.length, newId)] : []));
  listed.forEach((row, i) => (row.position = named.length + i));
  const subjects = [...named, ...listed];
  return {
    contact: {
      id: c.id, channel: c.channel, received_at: c.receivedAt.toISOString(), submitted_by_user_id: c.submittedByUserId,
      submitted_by_agency_id: c.submittedByAgencyId, referrer_type: c.referrerType, anonymous: c.anonymous, referral_source: c.referralSource,
      referrer_says_child_protection: v(c.referrerView?.isChildProtection), referrer_harm: v(c.referrerView?.harm),
      referrer_what_should_happen: v(c.referrerView?.whatShouldHappen), urgency: v(c.referrerView?.urgency),
      consent_status: c.consent?.status ?? 'unknown', consent_reason: v(c.consent?.reason), tracking_token_hash: c.trackingTokenHash,
      idempotency_scope: c.idempotencyScope, idempotency_key: c.idempotencyKey, request_hash: c.requestHash,
      social_care_attended: v(c.socialCareAttended),
    },
    referrer: c.referrer
      ? [{ contact_id: c.id, name: v(c.referrer.name), role: v(c.referrer.role), organisation: v(c.referrer.organisation), phone: v(c.referrer.phone), email: v(c.referrer.email), relationship_to_child: v(c.referrer.relationshipToChild) }]
      : [],
    subjects,
    household,
    concerns: concernRows(c.concerns, c.id, 0, named.map((s) => s.id as string), null, null, newId),
    evidence: evidenceRows(c.evidence, c.id, 0, null, null, newId),
  };
}

function subjectRow(s: SubjectDto, contactId: string, position: number, newId: NewId): Row<typeof SUBJECT_COLUMNS> {
  return {
    id: newId(), contact_id: contactId, position, first_name: v(s.firstName), last_name: v(s.lastName), aliases: s.aliases ?? [],
    description: v(s.description), date_of_birth: v(s.dateOfBirth), expected_delivery_date: v(s.expectedDeliveryDate), sex: s.sex ?? 'U',
    nhs_number: nhs(s.nhsNumber), address_line1: v(s.address?.line1), address_line2: v(s.address?.line2), town: v(s.address?.town),
    postcode: postcode(s.address?.postcode), address_type: s.address?.type ?? 'unknown', school: v(s.school), gp_practice: v(s.gpPractice),
    disability: v(s.disability), communication_needs: v(s.communicationNeeds), first_language: v(s.firstLanguage),
    interpreter_needed: v(s.interpreterNeeded), seen_by_referrer: v(s.seenByReferrer), household_member_id: null,
  };
}

/** A child listed in the household, as a subject of the contact (what the household row says of them). */
export function householdChildRow(m: HouseholdMemberDto, householdMemberId: string, contactId: string, position: number, newId: NewId = randomUUID): Row<typeof SUBJECT_COLUMNS> {
  return {
    id: newId(), contact_id: contactId, position, first_name: v(m.firstName), last_name: v(m.lastName), aliases: m.aliases ?? [],
    description: null, date_of_birth: v(m.dateOfBirth), expected_delivery_date: null, sex: m.sex ?? 'U', nhs_number: nhs(m.nhsNumber),
    address_line1: null, address_line2: null, town: null, postcode: postcode(m.postcode), address_type: 'unknown', school: null, gp_practice: null,
    disability: null, communication_needs: null, first_language: null, interpreter_needed: null, seen_by_referrer: null, household_member_id: householdMemberId,
  };
}

export function householdRow(m: HouseholdMemberDto, contactId: string, position: number, newId: NewId = randomUUID): Row<typeof HOUSEHOLD_COLUMNS> {
  return {
    id: newId(), contact_id: contactId, position, first_name: v(m.firstName), last_name: v(m.lastName), aliases: m.aliases ?? [],
    date_of_birth: v(m.dateOfBirth), sex: m.sex ?? 'U', nhs_number: nhs(m.nhsNumber), relationship: m.relationship, resident: v(m.resident),
    parental_responsibility: m.parentalResponsibility ?? 'unknown', known_risks: m.knownRisks ?? [], unknown_reason: v(m.unknownReason),
    postcode: postcode(m.postcode),
  };
}

/**
 * Concern rows. `subjectIds` holds contact_subject ids; a concern naming no child is about all of
 * them, and the ids are written out so readers need no special case.
 */
export function concernRows(
  concerns: ConcernDto[], contactId: string, firstPosition: number, subjectIds: string[], addedAt: Date | null, informationId: string | null, newId: NewId = randomUUID,
): Row<typeof CONCERN_COLUMNS>[] {
  return concerns.map((k, i) => ({
    id: newId(), contact_id: contactId, position: firstPosition + i, category: k.category, cin_factor_code: v(k.cinFactorCode),
    description: k.description, incident_date: v(k.incidentDate),
    subject_ids: k.subjectIndexes?.length ? k.subjectIndexes.map((n) => subjectIds[n]) : subjectIds,
    added_at: addedAt?.toISOString() ?? null, information_id: informationId,
  }));
}

export function evidenceRows(
  evidence: EvidenceDto[], contactId: string, firstPosition: number, addedAt: Date | null, informationId: string | null, newId: NewId = randomUUID,
): Row<typeof EVIDENCE_COLUMNS>[] {
  return evidence.map((e, i) => ({
    id: newId(), contact_id: contactId, position: firstPosition + i, type: e.type, held_by: e.heldBy, description: v(e.description),
    added_at: addedAt?.toISOString() ?? null, information_id: informationId,
  }));
}
