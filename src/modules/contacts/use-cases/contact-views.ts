import type { Contact } from '../persistence/contact.entity';
import type { ContactConcern } from '../persistence/contact-concern.entity';
import type { ContactEvidence } from '../persistence/contact-evidence.entity';
import type { ContactHouseholdMember } from '../persistence/contact-household-member.entity';
import type { ContactInformation } from '../persistence/contact-information.entity';
import type { ContactReferrer } from '../persistence/contact-referrer.entity';
import type { ContactSubject } from '../persistence/contact-subject.entity';

/** Everything stored about a contact, as loaded for a read. */
export interface ContactRecord {
  contact: Contact;
  referrer: ContactReferrer | null;
  subjects: ContactSubject[];
  household: ContactHouseholdMember[];
  concerns: ContactConcern[];
  evidence: ContactEvidence[];
  information: ContactInformation[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function subjectView(s: ContactSubject) {
  return {
    id: s.id, position: s.position, firstName: s.firstName, lastName: s.lastName, aliases: s.aliases, description: s.description,
    dateOfBirth: s.dateOfBirth, expectedDeliveryDate: s.expectedDeliveryDate, unborn: s.expectedDeliveryDate !== null && s.dateOfBirth === null,
    sex: s.sex, nhsNumber: s.nhsNumber, address: { line1: s.addressLine1, line2: s.addressLine2, town: s.town, postcode: s.postcode, type: s.addressType },
    school: s.school, gpPractice: s.gpPractice, disability: s.disability, communicationNeeds: s.communicationNeeds, firstLanguage: s.firstLanguage,
    interpreterNeeded: s.interpreterNeeded, seenByReferrer: s.seenByReferrer,
    // Listed in the household, not named by the referrer: a subject all the same (SPEC INT-4).
    householdMemberId: s.householdMemberId,
  };
}

function householdView(m: ContactHouseholdMember) {
  return {
    id: m.id, position: m.position, firstName: m.firstName, lastName: m.lastName, aliases: m.aliases, dateOfBirth: m.dateOfBirth, sex: m.sex,
    nhsNumber: m.nhsNumber, relationship: m.relationship, resident: m.resident, parentalResponsibility: m.parentalResponsibility,
    knownRisks: m.knownRisks, unknownReason: m.unknownReason, postcode: m.postcode,
  };
}

function concernView(k: ContactConcern, subjects: ContactSubject[]) {
  return {
    id: k.id, position: k.position, category: k.category, cinFactorCode: k.cinFactorCode, description: k.description, incidentDate: k.incidentDate,
    subjectIds: k.subjectIds, subjectIndexes: k.subjectIds.map((id) => subjects.findIndex((s) => s.id === id)), addedAt: iso(k.addedAt),
    informationId: k.informationId,
  };
}

function evidenceView(e: ContactEvidence) {
  return { id: e.id, position: e.position, type: e.type, heldBy: e.heldBy, description: e.description, addedAt: iso(e.addedAt), informationId: e.informationId };
}

function informationView(i: ContactInformation, r: ContactRecord) {
  return {
    id: i.id, addedAt: iso(i.addedAt), source: i.source, addedByRole: i.addedByRole, note: i.note,
    concernIds: r.concerns.filter((k) => k.informationId === i.id).map((k) => k.id),
    evidenceIds: r.evidence.filter((e) => e.informationId === i.id).map((e) => e.id),
  };
}

function submission(r: ContactRecord) {
  const c = r.contact;
  return {
    id: c.id, reference: c.reference, channel: c.channel, status: c.status, receivedAt: iso(c.receivedAt), updatedAt: iso(c.updatedAt),
    anonymous: c.anonymous, referralSource: c.referralSource,
    referrer: r.referrer
      ? { name: r.referrer.name, role: r.referrer.role, organisation: r.referrer.organisation, phone: r.referrer.phone, email: r.referrer.email, relationshipToChild: r.referrer.relationshipToChild }
      : null,
    referrerView: { isChildProtection: c.referrerSaysChildProtection, harm: c.referrerHarm, whatShouldHappen: c.referrerWhatShouldHappen, urgency: c.urgency },
    consent: { status: c.consentStatus, reason: c.consentReason },
    socialCareAttended: c.socialCareAttended,
  };
}

/** MASH staff: the whole contact, with person links, duplicate link and every addition. */
export function fullView(r: ContactRecord) {
  const c = r.contact;
  return {
    ...submission(r),
    referrerType: c.referrerType, submittedByUserId: c.submittedByUserId, submittedByAgencyId: c.submittedByAgencyId,
    possibleDuplicateOfId: c.possibleDuplicateOfId, followsContactId: c.followsContactId,
    gradingFailure: c.gradingFailedAt ? { at: iso(c.gradingFailedAt), reason: c.gradingFailureReason } : null,
    subjects: r.subjects.map((s) => ({ ...subjectView(s), personId: s.personId })),
    household: r.household.map((m) => ({ ...householdView(m), personId: m.personId, leftAt: iso(m.leftAt) })),
    concerns: r.concerns.map((k) => concernView(k, r.subjects)),
    evidence: r.evidence.map((e) => ({ ...evidenceView(e), sharedWithPoliceAt: iso(e.sharedWithPoliceAt) })),
    information: r.information.map((i) => informationView(i, r)),
  };
}

/**
 * The referrer who made the contact: their own submission and what they added since, with its status;
 * nothing other agencies or the MASH added, no person-index links (SPEC §0, SEC-2).
 */
export function referrerView(r: ContactRecord, userId: string) {
  const mine = new Set(r.information.filter((i) => i.addedByUserId === userId).map((i) => i.id));
  const own = (x: { informationId: string | null }) => x.informationId === null || mine.has(x.informationId);
  const visible: ContactRecord = { ...r, concerns: r.concerns.filter(own), evidence: r.evidence.filter(own), information: r.information.filter((i) => mine.has(i.id)) };
  return {
    ...submission(visible),
    subjects: r.subjects.map(subjectView),
    household: r.household.map(householdView),
    concerns: visible.concerns.map((k) => concernView(k, r.subjects)),
    evidence: visible.evidence.map(evidenceView),
    information: visible.information.map((i) => informationView(i, visible)),
  };
}
