import { CHILD_RELATIONSHIPS, CheckStatus, CheckType, CLOSED_CHECK_STATUSES } from './check-vocabulary';

/**
 * Which checks a contact needs before a RED or AMBER decision (SPEC CHK-1, CHK-2, CHK-3, CHK-5), and
 * which of them are still outstanding (CHK-4). Pure: facts in, requirements out.
 */

export type Grade = 'RED' | 'AMBER' | 'GREEN';

export interface RequiredChecksConfig {
  /** CHK-1: grades for which checks are required. */
  requiredForGrades: Grade[];
  /** One check of each type for the whole contact. */
  perContact: CheckType[];
  /** One check of each type for every child (the GP is each child's own, CHK-2). */
  perSubject: CheckType[];
  /** One check of each type for every adult in the household (police, CHK-5). */
  perHouseholdAdult: CheckType[];
  /** CHK-3: parental mental ill-health flagged on the contact makes this check required. */
  mentalHealth: { checkType: CheckType; concernCategories: string[]; adultKnownRisks: string[] };
}

export interface CheckFacts {
  /** The contact's received time: ages are taken on this date. */
  receivedAt: Date;
  subjects: { id: string }[];
  household: { id: string; relationship: string; dateOfBirth: string | null; knownRisks: string[] }[];
  concernCategories: string[];
}

export interface RequiredCheck {
  checkType: CheckType;
  /** 'contact', 'subject:<id>' or 'household_member:<id>' */
  scope: string;
  requiredBy: 'CHK-1' | 'CHK-2' | 'CHK-3' | 'CHK-5';
  subjectId?: string;
  householdMemberId?: string;
}

export interface ExistingCheck {
  id: string;
  checkType: CheckType;
  status: CheckStatus;
  subjectIds: string[];
  householdMemberIds: string[];
  requestedAt: Date;
}

/** An adult around the children: not a sibling, and 18 or over on the contact date, or of unknown age (INT-4). */
export function isHouseholdAdult(member: CheckFacts['household'][number], onDate: Date): boolean {
  if ((CHILD_RELATIONSHIPS as readonly string[]).includes(member.relationship)) return false;
  if (!member.dateOfBirth) return true;
  const dob = new Date(`${member.dateOfBirth}T00:00:00Z`);
  const eighteenth = new Date(Date.UTC(dob.getUTCFullYear() + 18, dob.getUTCMonth(), dob.getUTCDate()));
  return eighteenth.getTime() <= onDate.getTime();
}

const requiredBy = (type: CheckType, scope: 'contact' | 'subject' | 'adult'): RequiredCheck['requiredBy'] =>
  type === 'gp' ? 'CHK-2' : type === 'police' && scope === 'adult' ? 'CHK-5' : 'CHK-1';

export function requiredChecks(facts: CheckFacts, grade: Grade, config: RequiredChecksConfig): RequiredCheck[] {
  if (!config.requiredForGrades.includes(grade)) return [];
  const out: RequiredCheck[] = [];
  const add = (check: RequiredCheck) => {
    if (!out.some((c) => c.checkType === check.checkType && c.scope === check.scope)) out.push(check);
  };
  for (const type of config.perContact) add({ checkType: type, scope: 'contact', requiredBy: requiredBy(type, 'contact') });
  const mh = config.mentalHealth;
  const adults = facts.household.filter((m) => isHouseholdAdult(m, facts.receivedAt));
  const mentalHealthFlagged =
    facts.concernCategories.some((c) => mh.concernCategories.includes(c)) || adults.some((a) => a.knownRisks.some((r) => mh.adultKnownRisks.includes(r)));
  if (mentalHealthFlagged) add({ checkType: mh.checkType, scope: 'contact', requiredBy: 'CHK-3' });
  for (const subject of facts.subjects) {
    for (const type of config.perSubject) add({ checkType: type, scope: `subject:${subject.id}`, requiredBy: requiredBy(type, 'subject'), subjectId: subject.id });
  }
  for (const adult of adults) {
    for (const type of config.perHouseholdAdult) {
      add({ checkType: type, scope: `household_member:${adult.id}`, requiredBy: requiredBy(type, 'adult'), householdMemberId: adult.id });
    }
  }
  return out;
}

/** A check answers a requirement when it is of that type, closed, and covers the child or adult in scope. */
export function satisfies(check: ExistingCheck, required: RequiredCheck): boolean {
  if (check.checkType !== required.checkType || !CLOSED_CHECK_STATUSES.includes(check.status)) return false;
  if (required.subjectId) return check.subjectIds.includes(required.subjectId);
  if (required.householdMemberId) return check.householdMemberIds.includes(required.householdMemberId);
  return true;
}

/** The requirements not yet answered; with `forSubjectId`, only those that bear on that child's decision. */
export function outstandingChecks(required: RequiredCheck[], existing: ExistingCheck[], forSubjectId?: string): RequiredCheck[] {
  return required
    .filter((r) => !forSubjectId || !r.subjectId || r.subjectId === forSubjectId)
    .filter((r) => !existing.some((c) => satisfies(c, r)));
}

export type PoliceCheckStatus = CheckStatus | 'not_requested';

/** CHK-5: every household adult's police-check status, from the latest police check covering them. */
export function policeCheckStatuses(facts: CheckFacts, existing: ExistingCheck[]): { householdMemberId: string; status: PoliceCheckStatus; checkId: string | null }[] {
  return facts.household
    .filter((m) => isHouseholdAdult(m, facts.receivedAt))
    .map((adult) => {
      const latest = existing
        .filter((c) => c.checkType === 'police' && c.householdMemberIds.includes(adult.id))
        .sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime())[0];
      return { householdMemberId: adult.id, status: latest?.status ?? 'not_requested', checkId: latest?.id ?? null };
    });
}
