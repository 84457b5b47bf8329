import { ConflictException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR, type Actor } from '../../auth/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { FeedbackAudience, isReferrerAudience } from './domain/feedback-vocabulary';
import { matchGpPractice } from './domain/gp-match';
import { looksLikeEmail, ReferrerFacts, referrerRecipient } from './domain/referrer-recipient';
import { CompiledTemplate, compileTemplate } from './domain/template-renderer';
import {
  agencyOutcomeView,
  ContactRef,
  DecisionFacts,
  professionalAcknowledgementView,
  professionalOutcomeView,
  publicAcknowledgementView,
  publicOutcomeView,
} from './domain/view-models';
import { SlaFeedbackClock } from './sla-feedback-clock';
import { AcknowledgementFacts, ContactFacts, DecisionRow, FeedbackFactsRepository } from './persistence/feedback-facts.repository';
import { FeedbackTemplates } from './feedback-templates.service';
import { FeedbackWriter, NewFeedback } from './feedback-writer';
import { OutboundMail } from '../mail/outbound-mail.service';
import { ABOUT_FEEDBACK, FeedbackRecord, feedbackRecord } from './feedback-record';
import type { Feedback } from './persistence/feedback.entity';
import { FeedbackRepository } from './persistence/feedback.repository';

/** What acknowledging a contact did: wrote its acknowledgement, found one there already, or found no such contact. */
export type AcknowledgementOutcome = 'written' | 'existing' | 'missing';

/** What decisions pass, in the decision's transaction, when a decision becomes final. */
export interface OutcomeFeedbackRequest {
  decision: DecisionRow;
  /**
   * SPEC FB-3: agencies that answered checks or attended a strategy discussion for this child
   * (from the checks and strategy tables, which feedback does not read). The child's GP is added
   * here from contact_subject.gp_practice; the referrer's own agency is left out (the referrer
   * gets the fuller professional message).
   */
  involvedAgencyIds?: string[];
  /** Who made the decision final (for the audit trail); the system by default. */
  actor?: Actor;
}

export interface QueuedFeedback {
  id: string;
  audience: FeedbackAudience;
  recipientAgencyId: string | null;
  status: FeedbackRecord['status'];
  /** False when this decision's message to this recipient already existed (a repeated call). */
  created: boolean;
}

/** The text of one feedback message the referrer sees in their own view (GET /contacts?mine=true). */
export interface ReferrerFeedbackItem {
  id: string;
  /** The decision an outcome message is about: what the referrer may challenge (SPEC ESC-1). */
  decisionId: string | null;
  kind: FeedbackRecord['kind'];
  status: FeedbackRecord['status'];
  sentAt: Date | null;
  createdAt: Date;
  subject: string;
  text: string;
}

const NOT_POSSIBLE = {
  anonymous: 'Anonymous contact: feedback by e-mail is not possible. The public status route shows the outcome.',
  no_email: 'No e-mail address for the referrer: feedback by e-mail is not possible.',
} as const;

/**
 * Feedback to referrers and involved agencies (SPEC §9). The methods other features call:
 * `queueOutcomeFeedback` (decisions, in the decision's transaction), `publicOutcomeSummary` (the
 * public status route), `referrerFeedback` (the referrer's own contacts list), `deliveryFigures`
 * (dashboard). Acknowledgements are written by the worker from the intake's outbox event.
 */
@Injectable()
export class FeedbackService {
  private readonly oneOfSeveral: CompiledTemplate;

  constructor(
    private readonly templates: FeedbackTemplates,
    private readonly facts: FeedbackFactsRepository,
    private readonly writer: FeedbackWriter,
    private readonly feedback: FeedbackRepository,
    private readonly mail: OutboundMail,
    private readonly uow: UnitOfWork,
    private readonly clock: SlaFeedbackClock,
  ) {
    this.oneOfSeveral = compileTemplate(templates.settings.publicStatus.oneOfSeveral, 'publicStatus.oneOfSeveral');
    this.oneOfSeveral.render({ n: 1, of: 2 }, 'text'); // fail at boot on a name other than n and of
  }

  /**
   * Writes the outcome feedback of a final decision, with the e-mails that send it, in the
   * caller's transaction (SPEC FB-4). The outcome with its reasons is case content: it goes only to a
   * verified address (SEC-2); the public template carries none. Safe to call twice for one decision: nothing is duplicated.
   */
  async queueOutcomeFeedback(em: EntityManager, request: OutcomeFeedbackRequest): Promise<QueuedFeedback[]> {
    const actor = request.actor ?? SYSTEM_ACTOR;
    const { decision } = request;
    if (decision.status !== 'final') throw new ConflictException('Outcome feedback is only sent for a final decision');
    const contactFacts = await this.facts.contact(em, decision.contactId);
    const subject = await this.facts.subject(em, decision.subjectId);
    if (!contactFacts || !subject) throw new Error(`queueOutcomeFeedback: decision ${decision.id} has no contact or subject`);
    const { contact } = contactFacts;
    const ref: ContactRef = { reference: contact.reference, receivedAt: contact.receivedAt };
    const facts: DecisionFacts = {
      outcome: decision.outcome,
      thresholdLevel: decision.thresholdLevel,
      rationale: decision.rationale,
      reasonsThresholdNotMet: decision.reasonsThresholdNotMet,
      alternativeSupport: decision.alternativeSupport,
      decidedAt: decision.finalAt ?? decision.decidedAt,
    };
    const settings = this.templates.settings;
    const base = { contactId: contact.id, subjectId: subject.id, decisionId: decision.id, kind: 'outcome' as const };
    const rows: NewFeedback[] = [];

    const recipient = referrerRecipient(contactFacts.recipientFacts);
    const referrerMessage =
      recipient.audience === 'public'
        ? this.templates.render('public', 'outcome', publicOutcomeView(settings, ref, decision.outcome))
        : this.templates.render('professional', 'outcome', professionalOutcomeView(settings, ref, subject, facts, this.recipientName(contactFacts)));
    rows.push({
      ...base,
      audience: recipient.audience,
      dedupeKey: `outcome:${decision.id}:referrer`,
      message: referrerMessage,
      ...(recipient.audience === 'public' ? {} : { caseReference: contact.reference }),
      ...this.referrerDelivery(recipient, contactFacts.recipientFacts, contact.submittedByUserId),
    });

    const agencyIds = new Set(request.involvedAgencyIds ?? []);
    const gp = matchGpPractice(subject.gpPractice, await this.facts.gpAgencies(em));
    if (gp?.result === 'matched') agencyIds.add(gp.agency.id);
    if (contact.submittedByAgencyId) agencyIds.delete(contact.submittedByAgencyId);
    const agencies = await this.facts.agencies(em, [...agencyIds]);
    const unknown = [...agencyIds].filter((id) => !agencies.some((a) => a.id === id));
    if (unknown.length) throw new Error(`queueOutcomeFeedback: unknown agency ids ${unknown.join(', ')}`);
    for (const agency of agencies) {
      const email = agency.email?.trim().toLowerCase() || null;
      const deliverable = !!email && looksLikeEmail(email);
      rows.push({
        ...base,
        audience: 'involved_agency',
        recipientAgencyId: agency.id,
        recipientEmail: email,
        caseReference: contact.reference,
        ...(deliverable ? {} : { unsent: { status: 'failed' as const, note: 'The agency has no valid e-mail address: resend with an address, or tell them another way.' } }),
        dedupeKey: `outcome:${decision.id}:agency:${agency.id}`,
        message: this.templates.render('involved_agency', 'outcome', agencyOutcomeView(settings, ref, subject, facts, agency.name)),
      });
    }
    if (gp && gp.result !== 'matched') {
      // The GP must hear (FB-3, DUD 7.6): an unmatched practice is a failed row on the dashboard, not silence.
      rows.push({
        ...base,
        audience: 'involved_agency',
        recipientEmail: null,
        caseReference: contact.reference,
        unsent: { status: 'failed', note: `The child's GP practice "${subject.gpPractice}" ${gp.result === 'none' ? 'matches no GP agency' : 'matches more than one GP agency'}: resend with the practice's address.` },
        dedupeKey: `outcome:${decision.id}:gp-unmatched`,
        message: this.templates.render('involved_agency', 'outcome', agencyOutcomeView(settings, ref, subject, facts, subject.gpPractice ?? 'GP practice')),
      });
    }

    const written = await this.writer.insert(em, actor, rows);
    for (const { feedback, created } of written) {
      if (created && feedback.status === 'not_possible_anonymous') {
        await this.clock.feedbackGiven(em, { decisionId: decision.id, contactId: contact.id, feedbackId: feedback.id, at: feedback.createdAt, how: 'not_possible_anonymous' });
      }
    }
    return written.map(({ feedback, created }) => ({ id: feedback.id, audience: feedback.audience, recipientAgencyId: feedback.recipientAgencyId, status: feedback.status, created }));
  }

  /**
   * Writes the acknowledgements of new contacts (SPEC FB-1), once per contact, and queues their
   * e-mails, in one transaction of a fixed number of statements however many contacts: one read of
   * the contacts, the templates rendered here, then the feedback rows, their e-mails, their send jobs
   * and their audit events one insert each. Called by the worker for the intake's `acknowledge` jobs.
   * A contact acknowledged already is left as it is (`existing`); a contact that is gone is skipped (`missing`).
   */
  async createAcknowledgements(contactIds: string[]): Promise<Map<string, AcknowledgementOutcome>> {
    // In one order, so that two jobs holding the same contacts (a relay's retry) never deadlock on their rows.
    const ids = [...new Set(contactIds)].sort();
    return this.uow.run(async (em) => {
      const rows = (await this.facts.acknowledgementFacts(em, ids)).map((facts) => this.acknowledgement(facts));
      const written = await this.writer.write(em, SYSTEM_ACTOR, rows);
      const outcomes = new Map<string, AcknowledgementOutcome>(ids.map((id) => [id, 'missing']));
      for (const row of rows) outcomes.set(row.contactId, written.has(row.dedupeKey) ? 'written' : 'existing');
      return outcomes;
    });
  }

  /** The acknowledgement row of a contact, rendered for the referrer's audience, not yet written. */
  async composeAcknowledgement(em: EntityManager, contactId: string): Promise<NewFeedback | null> {
    const [facts] = await this.facts.acknowledgementFacts(em, [contactId]);
    return facts ? this.acknowledgement(facts) : null;
  }

  private acknowledgement(facts: AcknowledgementFacts): NewFeedback {
    const ref: ContactRef = { reference: facts.reference, receivedAt: facts.receivedAt };
    const recipient = referrerRecipient(facts.recipientFacts);
    const message =
      recipient.audience === 'public'
        ? this.templates.render('public', 'acknowledgement', publicAcknowledgementView(this.templates.settings, ref))
        : this.templates.render('professional', 'acknowledgement', professionalAcknowledgementView(this.templates.settings, ref, facts.recipientName));
    return {
      contactId: facts.contactId,
      kind: 'acknowledgement',
      audience: recipient.audience,
      dedupeKey: `ack:${facts.contactId}`,
      message,
      ...this.referrerDelivery(recipient, facts.recipientFacts, facts.submittedByUserId),
    };
  }

  /**
   * The outcome in plain words for the public status route (SPEC FB-1, FB-2): the same words as the
   * public outcome e-mail, per child without names; "being looked at" until a child is decided.
   */
  async publicOutcomeSummary(contactId: string, em?: EntityManager): Promise<string> {
    const rows = em ? await this.facts.finalOutcomesPerChild(em, contactId) : await this.uow.read((read) => this.facts.finalOutcomesPerChild(read, contactId));
    const { outcomes, publicStatus } = this.templates.settings;
    const words = (outcome: string | null) => (outcome ? (outcomes[outcome]?.public ?? publicStatus.inProgress) : publicStatus.inProgress);
    if (rows.length <= 1) return words(rows[0]?.outcome ?? null);
    return rows.map((r, i) => `${this.oneOfSeveral.render({ n: i + 1, of: rows.length }, 'text').trim()} ${words(r.outcome)}`).join('\n');
  }

  /** Feedback addressed to the referrer, per contact, for the referrer's own list (never agencies' messages). */
  async referrerFeedback(contactIds: string[]): Promise<Map<string, ReferrerFeedbackItem[]>> {
    const result = new Map<string, ReferrerFeedbackItem[]>(contactIds.map((id) => [id, []]));
    if (contactIds.length === 0) return result;
    const rows = await this.uow.read((em) => this.records(em, () => this.feedback.referrerMessages(em, contactIds)));
    for (const f of rows) {
      result.get(f.contactId)?.push({ id: f.id, decisionId: f.decisionId, kind: f.kind, status: f.status, sentAt: f.sentAt, createdAt: f.createdAt, subject: f.emailSubject, text: f.bodyText });
    }
    return result;
  }

  /** Feedback rows with the delivery state of their e-mails. */
  async records(em: EntityManager, read: () => Promise<Feedback[]>): Promise<FeedbackRecord[]> {
    const rows = await read();
    const messages = new Map((await this.mail.about(em, ABOUT_FEEDBACK, rows.map((r) => r.id))).map((m) => [m.aboutId, m]));
    return rows.map((r) => feedbackRecord(r, messages.get(r.id)));
  }

  /** For the dashboard (SPEC FB-4, MGT-2): failed messages wait for a person; retrying ones are in backoff. */
  async deliveryFigures(): Promise<{ failed: number; retrying: number; oldestFailedAt: Date | null }> {
    return this.uow.read((em) => this.mail.deliveryFigures(em, `${ABOUT_FEEDBACK}.`));
  }

  /**
   * Called in the transaction that records an SMTP acceptance of an outcome message: the feedback
   * clock of RAG-5 is met at that moment when the message is the referrer's (FB-4). Involved
   * agencies' messages and acknowledgements do not meet it.
   */
  async onOutcomeFeedbackSent(em: EntityManager, feedbackId: string, acceptedAt: Date): Promise<void> {
    const feedback = await this.feedback.find(em, feedbackId);
    if (!feedback || feedback.kind !== 'outcome' || !isReferrerAudience(feedback.audience) || !feedback.decisionId) return;
    await this.clock.feedbackGiven(em, { decisionId: feedback.decisionId, contactId: feedback.contactId, feedbackId: feedback.id, at: acceptedAt, how: 'smtp_accepted' });
  }

  private recipientName(facts: ContactFacts): string | null {
    return facts.referrer?.name ?? facts.submitterName;
  }

  /** The referrer's address: the one given on the contact, else the submitting account's own (verified, SEC-2). */
  private referrerDelivery(recipient: ReturnType<typeof referrerRecipient>, facts: ReferrerFacts, submittedByUserId: string | null): Pick<NewFeedback, 'recipientEmail' | 'recipientAccountId' | 'unsent'> {
    if (!recipient.deliverable) return { recipientEmail: null, unsent: { status: 'no_address', note: NOT_POSSIBLE[recipient.reason] } };
    const fromAccount = !facts.referrerEmail?.trim() && !!submittedByUserId;
    if (!looksLikeEmail(recipient.email)) {
      return { recipientEmail: recipient.email, unsent: { status: 'failed', note: "The referrer's e-mail address does not look valid: resend with a corrected address." } };
    }
    return { recipientEmail: recipient.email, recipientAccountId: fromAccount ? submittedByUserId : null };
  }
}
