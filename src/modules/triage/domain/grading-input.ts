import type { ConcernCategory, KnownRisk, Relationship, Urgency } from '../../contacts/domain/contact-vocabulary';

/**
 * Everything the grading engine may look at, and nothing else (SPEC INT-10, RAG-2). Referrer type,
 * anonymity, channel, referral source, names, addresses/postcodes (area) and ethnicity are
 * deliberately absent: the loader never reads those columns and these types cannot carry them, so
 * the same worry about the same child gets the same grade and deadline whoever raised it. The
 * fairness test fails if a forbidden key is ever added here.
 */
export interface ContactForGrading {
  /** Local (Europe/London) date the contact was received; ages are computed on it. */
  receivedOn: string;
  /** The referrer's view of urgency (their judgement about the child, not who they are). */
  referrerUrgency: Urgency | null;
  subjects: SubjectForGrading[];
  concerns: ConcernForGrading[];
  household: HouseholdMemberForGrading[];
}

export interface SubjectForGrading {
  subjectId: string;
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
}

export interface ConcernForGrading {
  category: ConcernCategory;
  cinFactorCode: string | null;
  /** Subjects it is about; empty means every subject of the contact. */
  subjectIds: string[];
}

export interface HouseholdMemberForGrading {
  relationship: Relationship;
  resident: boolean | null;
  knownRisks: KnownRisk[];
  dateOfBirth: string | null;
}

/** History facts (from the people module's picture) the rules may read, by name. */
export type Facts = Partial<Record<string, number | boolean>>;

export interface FlagForGrading {
  ruleId: string;
}

/** The people module's picture of one subject, reduced to what grading reads. */
export interface HistoryForGrading {
  flags: FlagForGrading[];
  facts: Facts;
}

/** One subject's complete input: the contact as seen from this child, and the child's history. */
export interface GradingInput {
  receivedOn: string;
  referrerUrgency: Urgency | null;
  subject: SubjectForGrading;
  /** Every subject of the contact (this one included): "a child under 5 in the household". */
  children: SubjectForGrading[];
  concerns: (ConcernForGrading & { aboutThisChild: boolean })[];
  household: HouseholdMemberForGrading[];
  flags: FlagForGrading[];
  facts: Facts;
}

/** Builds each subject's input; a subject with no history picture is graded on the contact alone. */
export function gradingInputs(contact: ContactForGrading, history: Map<string, HistoryForGrading>): GradingInput[] {
  return contact.subjects.map((subject) => {
    const h = history.get(subject.subjectId) ?? { flags: [], facts: {} };
    return {
      receivedOn: contact.receivedOn,
      referrerUrgency: contact.referrerUrgency,
      subject,
      children: contact.subjects,
      concerns: contact.concerns.map((c) => ({ ...c, aboutThisChild: c.subjectIds.length === 0 || c.subjectIds.includes(subject.subjectId) })),
      household: contact.household,
      flags: h.flags.map((f) => ({ ruleId: f.ruleId })),
      facts: { ...h.facts },
    };
  });
}
