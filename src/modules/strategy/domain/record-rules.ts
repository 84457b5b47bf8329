/**
 * The rules of a strategy discussion's record (SPEC STR-1, STR-3), as pure functions returning
 * findings {field, rule, message}; the use case turns findings into a 422.
 */
import { Attendance, EVIDENCE_TO_SHARE_BEFORE_S47, S47_OUTCOMES, StrategyOutcome } from './strategy-vocabulary';
import type { RuleBreak } from '../../../common/rule-break';

export interface InviteeLike {
  id: string;
  agencyId: string;
  agencyType: string;
  userId: string | null;
}

/** STR-3: police and children's social care are always invited. */
export function missingRequiredInvitees(agencyTypes: string[]): RuleBreak[] {
  const out: RuleBreak[] = [];
  if (!agencyTypes.includes('police')) out.push({ field: 'invitees', rule: 'STR-3.required-invitees', message: 'Invite the police: a strategy discussion always includes them (SPEC STR-3)' });
  if (!agencyTypes.includes('la_childrens_social_care')) {
    out.push({ field: 'invitees', rule: 'STR-3.required-invitees', message: "Invite children's social care: a strategy discussion always includes them (SPEC STR-3)" });
  }
  return out;
}

/** STR-1: a decline needs a written reason, the agencies consulted and an alternative plan (DUD 12.21). */
export function declineFindings(input: { reason?: string | null; agenciesConsulted?: string[] | null; alternativePlan?: string | null }): RuleBreak[] {
  const blank = (s?: string | null) => !s || !s.trim();
  const out: RuleBreak[] = [];
  if (blank(input.reason)) out.push({ field: 'reason', rule: 'STR-1.decline-needs-reason', message: 'Say why the discussion is declined (SPEC STR-1)' });
  if (!input.agenciesConsulted?.length) {
    out.push({ field: 'agenciesConsulted', rule: 'STR-1.decline-needs-agencies-consulted', message: 'Name the agencies consulted before declining (SPEC STR-1, DUD 12.21)' });
  }
  if (blank(input.alternativePlan)) out.push({ field: 'alternativePlan', rule: 'STR-1.decline-needs-alternative-plan', message: 'A decline needs an alternative plan for the child (SPEC STR-1)' });
  return out;
}

export interface AttendanceEntry {
  inviteeId?: string;
  agencyId?: string;
  userId?: string;
  name?: string;
  status: Attendance;
}

export type ResolvedAttendance = { entry: AttendanceEntry; index: number; invitee: InviteeLike | null };

/** Which invitee each attendance line is about: by invitee id, else by agency (and user when given). */
export function resolveAttendance(entries: AttendanceEntry[], invitees: InviteeLike[]): { resolved: ResolvedAttendance[]; findings: RuleBreak[] } {
  const findings: RuleBreak[] = [];
  const resolved: ResolvedAttendance[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const field = `attendance[${index}]`;
    let invitee: InviteeLike | null = null;
    if (entry.inviteeId) {
      invitee = invitees.find((i) => i.id === entry.inviteeId) ?? null;
      if (!invitee) {
        // An unknown invitee id is someone never invited: apologies are only for invitees (Q 12.1).
        findings.push(entry.status === 'apologies'
          ? { field: `${field}.inviteeId`, rule: 'STR-3.apologies-not-invited', message: 'Apologies can only be recorded for someone who was invited (SPEC STR-3, Q 12.1)' }
          : { field: `${field}.inviteeId`, rule: 'STR-3.unknown-invitee', message: 'No such invitee on this discussion; give agencyId (and userId or name) for someone who attended without an invitation' });
        return;
      }
    } else if (entry.agencyId) {
      const sameAgency = invitees.filter((i) => i.agencyId === entry.agencyId);
      invitee = (entry.userId ? sameAgency.find((i) => i.userId === entry.userId) : sameAgency.find((i) => i.userId === null) ?? (sameAgency.length === 1 ? sameAgency[0] : undefined)) ?? null;
    } else {
      findings.push({ field, rule: 'STR-3.attendance-who', message: 'Say who: inviteeId, or agencyId (and userId or name)' });
      return;
    }
    if (!invitee && entry.status === 'apologies') {
      findings.push({ field: `${field}.status`, rule: 'STR-3.apologies-not-invited', message: 'Apologies can only be recorded for someone who was invited (SPEC STR-3, Q 12.1)' });
      return;
    }
    if (invitee) {
      if (seen.has(invitee.id)) findings.push({ field, rule: 'STR-3.attendance-duplicate', message: 'This invitee already has an attendance line' });
      seen.add(invitee.id);
    }
    resolved.push({ entry, index, invitee });
  });
  for (const invitee of invitees) {
    if (!seen.has(invitee.id)) {
      findings.push({ field: 'attendance', rule: 'STR-3.attendance-missing', message: `Record the attendance of every invitee (invitee ${invitee.id} has none)` });
    }
  }
  return { resolved, findings };
}

export interface EvidenceLike {
  id: string;
  type: string;
  sharedWithPoliceAt: Date | null;
}

/** Q 8.11: an s47 outcome needs every photo, video, message (and recording) marked shared with police first. */
export function unsharedEvidenceFindings(outcome: StrategyOutcome, evidence: EvidenceLike[], sharedNow: Set<string>): RuleBreak[] {
  if (!S47_OUTCOMES.includes(outcome)) return [];
  return evidence
    .filter((e) => (EVIDENCE_TO_SHARE_BEFORE_S47 as readonly string[]).includes(e.type) && !e.sharedWithPoliceAt && !sharedNow.has(e.id))
    .map((e) => ({
      field: 'evidenceShared',
      rule: 'STR-3.evidence-not-shared',
      message: `Evidence item ${e.id} (${e.type}) is not marked shared with police: mark it shared (time, officer) before setting an s47 outcome (SPEC STR-3, Q 8.11)`,
    }));
}

/** STR-3: an ICPC follows an s47 enquiry only; the child-seen-alone plan is part of every s47 record. */
export function outcomeFindings(input: { outcome: StrategyOutcome; icpcRequired: boolean; childSeenAlonePlan?: string | null }): RuleBreak[] {
  const out: RuleBreak[] = [];
  const s47 = S47_OUTCOMES.includes(input.outcome);
  if (input.icpcRequired && !s47) out.push({ field: 'icpcRequired', rule: 'STR-3.icpc-needs-s47', message: 'An ICPC follows an s47 enquiry: set an s47 outcome or icpcRequired false' });
  if (s47 && (!input.childSeenAlonePlan || !input.childSeenAlonePlan.trim())) {
    out.push({ field: 'childSeenAlonePlan', rule: 'STR-3.child-seen-alone-plan', message: 'Record the plan for seeing the child alone (SPEC STR-3)' });
  }
  return out;
}
