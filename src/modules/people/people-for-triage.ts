import type { EntityManager } from 'typeorm';

/**
 * What the grading step needs from the people module (SPEC PPL-3, PPL-4, RAG-2): the contact's
 * subjects linked to the person index, each with its accumulation flags and the history facts the
 * grading rules read. The triage processor calls `prepareContact` before grading.
 */

/** One accumulation flag (SPEC PPL-4), with the contacts that caused it so the worker can click through. */
export interface AccumulationFlag {
  /** e.g. PPL-4.repeat-contacts, PPL-4.recontact-after-closure, PPL-4.repeat-allegation, PPL-4.da-notifications,
   *  PPL-4.missing-episodes, PPL-4.was-not-brought, PPL-4.frequent-mover, PPL-4.new-adult, PPL-4.pregnancy-or-birth,
   *  PPL-4.sibling-cp-plan, PPL-4.cumulative-harm */
  ruleId: string;
  label: string;
  /** The configured threshold that was met, e.g. { count: 3, withinDays: 365 }. */
  threshold: Record<string, number>;
  causingContactIds: string[];
  /** Records behind the flag that are not contacts (a decision, a status transition, a person). */
  evidence?: FlagEvidence[];
}

/** A record behind a flag, for click-through when it is not a contact. */
export interface FlagEvidence {
  kind: 'decision' | 'status_transition' | 'person';
  id: string;
  personId?: string;
  at?: string;
}

/** History facts the grading rules may read (by these names, from config/thresholds). */
export interface SubjectFacts {
  /** The child is on a child protection plan now (SPEC RAG-2, STEP-1). */
  onCurrentCpPlan: boolean;
  everOnCpPlan: boolean;
  /** Self-harm or suicide-attempt episodes for this child in the last 90 days, this contact included. */
  selfHarmEpisodesLast90Days: number;
  /** Distinct agencies that reported neglect about this child in the 12 months to this contact, it included (TRI 3.2.2). */
  neglectReportingAgenciesLast12Months: number;
}

export interface SubjectPicture {
  subjectId: string;
  personId: string | null;
  flags: AccumulationFlag[];
  facts: SubjectFacts;
  /**
   * How the subject stands in the person index. `candidates`: possible matches wait for a
   * worker to confirm or reject; `unlinked`: a worker unlinked it and has not linked it again. In both
   * cases personId is null and the flags cover this contact only.
   */
  match?: { status: 'linked' | 'candidates' | 'unlinked'; method: string | null; candidateCount: number };
}

export abstract class PeopleForTriage {
  /**
   * Idempotent: links (or re-reads the links of) every subject and household member of the contact.
   * Runs in `em`'s transaction when given (triage grades in the same one), otherwise in its own.
   */
  abstract prepareContact(contactId: string, em?: EntityManager): Promise<SubjectPicture[]>;

  /**
   * `prepareContact` for several contacts in the caller's transaction (batch grading): the result
   * is what `prepareContact` would have returned for each, as if they had been prepared one after
   * another in the order given. Contacts that do not exist or have no subjects map to [].
   * It takes the whole batch's locks at once, in one order, before any write: a transaction that
   * called it twice could wait on another in a cycle, so call it once per transaction.
   */
  abstract prepareContacts(contactIds: string[], em: EntityManager): Promise<Map<string, SubjectPicture[]>>;
}
