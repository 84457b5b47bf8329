import type { StepDown } from './persistence/step-down.entity';

export interface StepDownView {
  id: string;
  status: string;
  contactId: string;
  subjectId: string;
  personId: string | null;
  decisionId: string | null;
  receivingAgencyId: string | null;
  leadProfessional: { userId: string | null; name: string; email: string | null };
  riskHandover: string | null;
  plan: StepDown['plan'];
  reviewDate: string | null;
  overriddenRules: string[];
  acceptanceDueAt: string | null;
  hardLimitAt: string | null;
  respondedAt: string | null;
  rejectionReason: string | null;
  consentDeclinedAt: string | null;
  requeuedAt: string | null;
  requeueReason: string | null;
  /** The new contact that put the child back in the triage queue, linked to contactId. */
  requeueContactId: string | null;
  createdAt: string;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function toView(r: StepDown): StepDownView {
  return {
    id: r.id, status: r.status, contactId: r.contactId, subjectId: r.subjectId, personId: r.personId, decisionId: r.decisionId,
    receivingAgencyId: r.receivingAgencyId, leadProfessional: { userId: r.leadProfessionalUserId, name: r.leadProfessionalName, email: r.leadProfessionalEmail },
    riskHandover: r.riskHandover, plan: r.plan, reviewDate: r.reviewDate, overriddenRules: r.overriddenRules ?? [],
    acceptanceDueAt: iso(r.acceptanceDueAt), hardLimitAt: iso(r.hardLimitAt), respondedAt: iso(r.respondedAt), rejectionReason: r.rejectionReason,
    consentDeclinedAt: iso(r.consentDeclinedAt), requeuedAt: iso(r.requeuedAt), requeueReason: r.requeueReason, requeueContactId: r.requeueContactId,
    createdAt: iso(r.createdAt)!,
  };
}
