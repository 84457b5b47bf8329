/** One feedback message as the referrer sees it in their own contacts list (SPEC FB-1, FB-4). */
export interface ReferrerFeedbackItem {
  id: string;
  /** The decision an outcome message is about: what the referrer may challenge (SPEC ESC-1). */
  decisionId: string | null;
  kind: string;
  status: string;
  sentAt: Date | null;
  createdAt: Date;
  subject: string;
  text: string;
}

/**
 * What the referrer's views of a contact show of the feedback sent about it. Feedback sits above
 * contacts (it reads contacts to compose its messages), so contacts states what it needs here and
 * the application binds feedback's service to it (ReferrerFeedbackBinding in src/feature-modules.ts).
 */
export abstract class ReferrerFeedback {
  /** Messages addressed to the referrer, by contact id (every id present, possibly with none). */
  abstract referrerFeedback(contactIds: string[]): Promise<Map<string, ReferrerFeedbackItem[]>>;
  /** The plain-words outcome of a decided contact, as the public outcome e-mail gives it. */
  abstract publicOutcomeSummary(contactId: string): Promise<string>;
}
