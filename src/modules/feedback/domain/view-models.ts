/**
 * One view model per audience and kind, built only from what that audience may see (SPEC FB-2,
 * FB-5). The builders take narrow inputs on purpose: the public builders are never given a name, an
 * address, a household member, the referrer or another agency, so no template can print one (the
 * renderer refuses names that are not in the view model). Pure.
 */
import { DateTime } from 'luxon';
import { BELOW_THRESHOLD_OUTCOMES } from './feedback-vocabulary';
import type { FeedbackSettings, TeamContact } from './feedback-settings';

const ZONE = 'Europe/London';

export interface ChildFacts {
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
}

export interface DecisionFacts {
  outcome: string;
  thresholdLevel: number;
  rationale: string;
  reasonsThresholdNotMet: string | null;
  alternativeSupport: string[];
  decidedAt: Date;
}

export interface ContactRef {
  reference: string;
  receivedAt: Date;
}

type PublicTeam = Pick<TeamContact, 'name' | 'phone' | 'email' | 'hours'>;

export interface ProfessionalAcknowledgementView {
  reference: string;
  receivedAt: string;
  recipientName: string | null;
  team: TeamContact;
  outOfHours: string;
  howToAddInformation: string;
  challenge: FeedbackSettings['challenge'];
}

export interface PublicAcknowledgementView {
  reference: string;
  receivedAt: string;
  team: PublicTeam;
  outOfHours: string;
  confidentialityStatement: string;
  howToReportMore: string;
}

interface OutcomeCore {
  reference: string;
  child: { name: string; dateOfBirth: string | null };
  decidedAt: string;
  outcome: { label: string; whatHappensNext: string };
  thresholdLevel: { number: number; label: string };
  strategyDiscussionFollows: boolean;
  team: TeamContact;
  challenge: FeedbackSettings['challenge'];
  howToAddInformation: string;
  outOfHours: string;
}

export interface ProfessionalOutcomeView extends OutcomeCore {
  recipientName: string | null;
  reasons: string;
  belowThreshold: boolean;
  hasAlternativeSupport: boolean;
  alternativeSupport: string[];
}

/** An involved agency (FB-3) hears the outcome for the child, never who referred or why. */
export interface AgencyOutcomeView extends OutcomeCore {
  agencyName: string;
}

export interface PublicOutcomeView {
  reference: string;
  outcomeText: string;
  team: PublicTeam;
  outOfHours: string;
  confidentialityStatement: string;
  howToReportMore: string;
}

export function formatDateTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: ZONE }).toFormat("cccc d LLLL yyyy 'at' HH:mm");
}

export function formatDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: ZONE }).toFormat('d LLLL yyyy');
}

function publicTeam(team: TeamContact): PublicTeam {
  return { name: team.name, phone: team.phone, email: team.email, hours: team.hours };
}

function childView(child: ChildFacts): OutcomeCore['child'] {
  const name = [child.firstName, child.lastName].filter((p) => p && p.trim()).join(' ');
  if (!child.dateOfBirth && child.expectedDeliveryDate) {
    return { name: name ? `${name} (unborn, expected ${formatDate(child.expectedDeliveryDate)})` : `Unborn child, expected ${formatDate(child.expectedDeliveryDate)}`, dateOfBirth: null };
  }
  return { name: name || 'Child (name not given)', dateOfBirth: child.dateOfBirth ? formatDate(child.dateOfBirth) : null };
}

function outcomeWords(settings: FeedbackSettings, outcome: string) {
  const words = settings.outcomes[outcome];
  if (!words) throw new Error(`no feedback words for outcome "${outcome}"`);
  return words;
}

function outcomeCore(settings: FeedbackSettings, contact: ContactRef, child: ChildFacts, decision: DecisionFacts): OutcomeCore {
  const words = outcomeWords(settings, decision.outcome);
  return {
    reference: contact.reference,
    child: childView(child),
    decidedAt: formatDateTime(decision.decidedAt),
    outcome: { label: words.label, whatHappensNext: words.next },
    thresholdLevel: { number: decision.thresholdLevel, label: settings.thresholdLevels[String(decision.thresholdLevel)] ?? `Level ${decision.thresholdLevel}` },
    strategyDiscussionFollows: decision.outcome === 'strategy_discussion',
    team: settings.team,
    challenge: settings.challenge,
    howToAddInformation: settings.howToAddInformation.professional,
    outOfHours: settings.outOfHours,
  };
}

export function isBelowThreshold(decision: Pick<DecisionFacts, 'outcome' | 'thresholdLevel'>): boolean {
  return BELOW_THRESHOLD_OUTCOMES.includes(decision.outcome) || decision.thresholdLevel <= 2;
}

export function professionalAcknowledgementView(settings: FeedbackSettings, contact: ContactRef, recipientName: string | null): ProfessionalAcknowledgementView {
  return {
    reference: contact.reference,
    receivedAt: formatDateTime(contact.receivedAt),
    recipientName: recipientName?.trim() || null,
    team: settings.team,
    outOfHours: settings.outOfHours,
    howToAddInformation: settings.howToAddInformation.professional,
    challenge: settings.challenge,
  };
}

export function publicAcknowledgementView(settings: FeedbackSettings, contact: ContactRef): PublicAcknowledgementView {
  return {
    reference: contact.reference,
    receivedAt: formatDateTime(contact.receivedAt),
    team: publicTeam(settings.team),
    outOfHours: settings.outOfHours,
    confidentialityStatement: settings.confidentialityStatement,
    howToReportMore: settings.howToAddInformation.public,
  };
}

/**
 * Below threshold the reasons are the decision's "reasons the threshold is not met" (written for the
 * referrer, DEC-3); otherwise the rationale, which DEC-6 requires to answer the referrer's own view.
 */
export function professionalOutcomeView(settings: FeedbackSettings, contact: ContactRef, child: ChildFacts, decision: DecisionFacts, recipientName: string | null): ProfessionalOutcomeView {
  const below = isBelowThreshold(decision);
  const notMet = decision.reasonsThresholdNotMet?.trim() || null;
  const support = decision.alternativeSupport.map((s) => s.trim()).filter(Boolean);
  return {
    ...outcomeCore(settings, contact, child, decision),
    recipientName: recipientName?.trim() || null,
    reasons: below && notMet ? notMet : decision.rationale,
    belowThreshold: below,
    hasAlternativeSupport: support.length > 0,
    alternativeSupport: support,
  };
}

export function agencyOutcomeView(settings: FeedbackSettings, contact: ContactRef, child: ChildFacts, decision: DecisionFacts, agencyName: string): AgencyOutcomeView {
  return { ...outcomeCore(settings, contact, child, decision), agencyName };
}

export function publicOutcomeView(settings: FeedbackSettings, contact: Pick<ContactRef, 'reference'>, outcome: string): PublicOutcomeView {
  return {
    reference: contact.reference,
    outcomeText: outcomeWords(settings, outcome).public,
    team: publicTeam(settings.team),
    outOfHours: settings.outOfHours,
    confidentialityStatement: settings.confidentialityStatement,
    howToReportMore: settings.howToAddInformation.public,
  };
}
