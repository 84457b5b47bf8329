import type { RuleBreak } from '../../common/rule-break';
import { CONCERN_CATEGORIES, CONSENT_STATUSES, EVIDENCE_TYPES, URGENCIES } from '../../modules/contacts/domain/contact-vocabulary';
import { dateItems, dateParts, FormBody, text } from '../forms/form-values';
import { pageErrors, PageField } from '../forms/page-errors';
import { pageTitle } from '../view-models/page';
import { adultBody, AdultAnswers, ChildAnswers, childBody, ReferralDraft } from './draft';
import type { ReferralKind } from './referral-rules';
import { checkAnswers } from './check-answers';

export const PUBLIC_PAGES = ['what-happened', 'child', 'children', 'adults', 'adult', 'about-you', 'check-answers'] as const;
export const PROFESSIONAL_PAGES = ['what-happened', 'child', 'children', 'adults', 'adult', 'your-view', 'consent', 'evidence', 'check-answers'] as const;
export type ReferralPage = (typeof PROFESSIONAL_PAGES)[number] | (typeof PUBLIC_PAGES)[number];

export const pagesOf = (kind: ReferralKind): readonly ReferralPage[] => (kind === 'public' ? PUBLIC_PAGES : PROFESSIONAL_PAGES);
export const basePath = (kind: ReferralKind) => (kind === 'public' ? '/report' : '/referrals/new');

/** Where each page goes next, in the order a person answers. */
export function nextPage(kind: ReferralKind, page: ReferralPage, answer?: string): ReferralPage {
  switch (page) {
    case 'what-happened':
      return 'child';
    case 'child':
      return 'children';
    case 'children':
      return answer === 'yes' ? 'child' : 'adults';
    case 'adult':
      return 'adults';
    case 'adults':
      return answer === 'yes' ? 'adult' : kind === 'public' ? 'about-you' : 'your-view';
    case 'about-you':
      return 'check-answers';
    case 'your-view':
      return 'consent';
    case 'consent':
      return 'evidence';
    default:
      return 'check-answers';
  }
}

const PREVIOUS: Partial<Record<ReferralPage, ReferralPage>> = {
  child: 'what-happened', children: 'child', adults: 'children', adult: 'adults', 'about-you': 'adults', 'your-view': 'adults', consent: 'your-view', evidence: 'consent',
};

/** Words a worried neighbour understands, for the API's vocabularies. */
export const RELATIONSHIP_WORDS: [string, string][] = [
  ['father', "The child's father"], ['mother', "The child's mother"], ['mothers_partner', "Mother's partner or boyfriend"], ['fathers_partner', "Father's partner or girlfriend"],
  ['step_father', 'Stepfather'], ['step_mother', 'Stepmother'], ['grandparent', 'Grandparent'], ['aunt_uncle', 'Aunt or uncle'], ['sibling', 'Brother or sister'],
  ['other_relative', 'Another relative'], ['lodger', 'Lodger'], ['regular_visitor', 'Someone who visits often'], ['unknown_adult', 'Someone else, or I do not know'],
];
export const CATEGORY_WORDS: Record<string, string> = Object.fromEntries(CONCERN_CATEGORIES.map((c) => [c, c.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase()).replace('Da incident', 'Domestic abuse incident').replace('Cse cce', 'Child sexual or criminal exploitation')]));
export const URGENCY_WORDS: Record<string, string> = { routine: 'Routine', urgent: 'Urgent (today)', immediate_risk: 'Immediate risk to the child' };
export const CONSENT_WORDS: Record<string, string> = {
  given: 'Given', refused: 'Refused', not_sought_risk: 'Not sought: asking would put the child at more risk', not_sought_investigation: 'Not sought: asking would harm a police investigation',
  not_sought_urgent: 'Not sought: too urgent', statutory: 'Not needed: a statutory duty', unknown: 'Not known',
};
export const EVIDENCE_WORDS: Record<string, string> = { photo: 'Photo', video: 'Video', message: 'Message', document: 'Document', witness: 'Witness', recording: 'Recording', other: 'Other' };
export const YOU_WORDS: Record<string, string> = { relative: 'I am a relative', neighbour: 'I am a neighbour or friend', self: 'I am the child or young person this is about', other: 'Other' };

const CHILD_FIELDS: PageField[] = [
  { field: '', input: 'firstName', label: 'First name' }, { field: 'firstName', input: 'firstName', label: 'First name' }, { field: 'lastName', input: 'lastName', label: 'Last name' },
  { field: 'dateOfBirth', input: 'dateOfBirth-day', label: 'Date of birth' }, { field: 'description', input: 'description', label: 'Description' },
  { field: 'address.line1', input: 'addressLine1', label: 'Address' }, { field: 'address.postcode', input: 'postcode', label: 'Postcode' }, { field: 'school', input: 'school', label: 'School' },
];
const ADULT_FIELDS: PageField[] = [
  { field: 'firstName', input: 'firstName', label: 'First name' }, { field: 'lastName', input: 'lastName', label: 'Last name' },
  { field: 'relationship', input: 'relationship', label: 'Who they are to the child' }, { field: 'unknownReason', input: 'unknownReason', label: 'Why their name is not known' },
];
const CONCERN_FIELDS: PageField[] = [
  { field: 'description', input: 'description', label: 'What has happened' }, { field: 'category', input: 'category', label: 'What it is about' },
  { field: 'incidentDate', input: 'incidentDate-day', label: 'When it happened' },
];

const PLACEHOLDER_CHILD = { description: 'a child' };
const PLACEHOLDER_CONCERN = { category: 'other', description: 'a concern' };

/** What a posted page changes in the draft, and the rule breaks of that page alone. */
export interface PageResult {
  errors: RuleBreak[];
  prefix: string;
  /** A child or adult as posted, shown again with the errors (it joins the draft only when valid). */
  posted?: { child?: ChildAnswers; adult?: AdultAnswers };
}

/**
 * Reads a page's answers into the draft and checks them with the API's rules (`check` runs the
 * same class-validator rules and contact rules as POST /contacts). Returns the page's errors.
 */
export function readPage(kind: ReferralKind, page: ReferralPage, body: FormBody, draft: ReferralDraft, index: number | null, check: (body: object) => RuleBreak[]): PageResult {
  switch (page) {
    case 'what-happened': {
      draft.concern = { description: text(body, 'description'), category: kind === 'public' ? 'other' : text(body, 'category'), incidentDate: dateParts(body, 'incidentDate') };
      const concern = { ...PLACEHOLDER_CONCERN, category: draft.concern.category || undefined, description: draft.concern.description, incidentDate: childBody({ dateOfBirth: draft.concern.incidentDate } as ChildAnswers).dateOfBirth };
      return { prefix: 'concerns[0]', errors: check({ subjects: [PLACEHOLDER_CHILD], concerns: [concern] }) };
    }
    case 'child': {
      const child: ChildAnswers = {
        firstName: text(body, 'firstName'), lastName: text(body, 'lastName'), dateOfBirth: dateParts(body, 'dateOfBirth'), description: text(body, 'description'),
        addressLine1: text(body, 'addressLine1'), postcode: text(body, 'postcode'), school: text(body, 'school'),
      };
      const errors = check({ subjects: [childBody(child)], concerns: [PLACEHOLDER_CONCERN] });
      if (!errors.some((e) => e.field.startsWith('subjects[0]'))) setAt(draft.children, index, child);
      return { prefix: 'subjects[0]', errors, posted: { child } };
    }
    case 'adult': {
      const adult: AdultAnswers = {
        firstName: text(body, 'firstName'), lastName: text(body, 'lastName'), relationship: text(body, 'relationship'), resident: text(body, 'resident') as AdultAnswers['resident'],
        unknownReason: kind === 'public' ? '' : text(body, 'unknownReason'),
      };
      const errors = check({ subjects: [PLACEHOLDER_CHILD], household: [adultBody(adult)], concerns: [PLACEHOLDER_CONCERN] });
      if (!adult.relationship) errors.unshift({ field: 'household[0].relationship', rule: 'isIn', message: 'relationship is required' });
      if (!errors.some((e) => e.field.startsWith('household[0]'))) setAt(draft.adults, index, adult);
      return { prefix: 'household[0]', errors, posted: { adult } };
    }
    case 'about-you': {
      const you = { tellUs: text(body, 'tellUs') as 'yes' | 'no' | '', name: text(body, 'name'), phone: text(body, 'phone'), email: text(body, 'email'), relationship: text(body, 'relationship') };
      const gaveDetails = !!(you.name || you.phone || you.email);
      // Details given without choosing: they want to be known. Nothing here is required (INT-6).
      if (!you.tellUs && gaveDetails) you.tellUs = 'yes';
      draft.aboutYou = you;
      if (you.tellUs === 'no' && gaveDetails) {
        // The intake's own rule for an anonymous contact that names its referrer.
        return { prefix: '', errors: [{ field: 'referrer.name', rule: 'INT-2.anonymous-with-identity', message: 'You chose to stay anonymous but gave your name or contact details: leave them empty, or choose yes' }] };
      }
      const errors = you.tellUs === 'yes'
        ? check({ subjects: [PLACEHOLDER_CHILD], concerns: [PLACEHOLDER_CONCERN], referrer: { name: you.name || null, phone: you.phone || null, email: you.email || null, relationship: you.relationship || null } })
        : [];
      return { prefix: 'referrer', errors };
    }
    case 'your-view': {
      draft.view = { isChildProtection: text(body, 'isChildProtection') as 'yes' | 'no' | '', harm: text(body, 'harm'), whatShouldHappen: text(body, 'whatShouldHappen'), urgency: text(body, 'urgency') };
      return { prefix: 'referrerView', errors: check({ channel: 'professional', subjects: [PLACEHOLDER_CHILD], concerns: [PLACEHOLDER_CONCERN], referrerView: { harm: draft.view.harm || null, whatShouldHappen: draft.view.whatShouldHappen || null, urgency: draft.view.urgency || null } }) };
    }
    case 'consent': {
      draft.consent = { status: text(body, 'status'), reason: text(body, 'reason') };
      return { prefix: 'consent', errors: draft.consent.status ? check({ channel: 'professional', subjects: [PLACEHOLDER_CHILD], concerns: [PLACEHOLDER_CONCERN], consent: { status: draft.consent.status, reason: draft.consent.reason || null } }) : [] };
    }
    case 'evidence': {
      draft.evidence = { type: text(body, 'type'), heldBy: text(body, 'heldBy'), description: text(body, 'description') };
      const e = draft.evidence;
      return { prefix: 'evidence[0]', errors: e.type ? check({ channel: 'professional', subjects: [PLACEHOLDER_CHILD], concerns: [PLACEHOLDER_CONCERN], evidence: [{ type: e.type, heldBy: e.heldBy, description: e.description || null }] }) : [] };
    }
    default:
      return { prefix: '', errors: [] };
  }
}

function setAt<T>(list: T[], index: number | null, value: T): void {
  if (index !== null && index >= 0 && index < list.length) list[index] = value;
  else list.push(value);
}

const FIELDS: Partial<Record<ReferralPage, PageField[]>> = {
  'what-happened': CONCERN_FIELDS, child: CHILD_FIELDS, adult: ADULT_FIELDS,
  'about-you': [{ field: 'name', input: 'name', label: 'Your name' }, { field: 'referrer.name', input: 'name', label: 'Your name' }, { field: 'phone', input: 'phone', label: 'Phone number' }, { field: 'email', input: 'email', label: 'E-mail address' }],
  'your-view': [{ field: 'harm', input: 'harm', label: 'What harm' }, { field: 'whatShouldHappen', input: 'whatShouldHappen', label: 'What should happen' }, { field: 'urgency', input: 'urgency', label: 'Urgency' }],
  consent: [{ field: 'status', input: 'status', label: 'Consent' }, { field: 'reason', input: 'reason', label: 'Reason' }],
  evidence: [{ field: 'type', input: 'type', label: 'Type of evidence' }, { field: 'heldBy', input: 'heldBy', label: 'Who holds it' }, { field: 'description', input: 'description', label: 'Description' }],
};

const HEADINGS: Record<ReferralPage, string> = {
  'what-happened': 'What has happened?', child: 'About the child', children: 'Children you have told us about', adults: 'Adults in the child’s life', adult: 'About an adult in the child’s life',
  'about-you': 'About you', 'your-view': 'Your view', consent: 'Consent', evidence: 'Evidence you hold', 'check-answers': 'Check your answers before sending',
};

/** The view model of a question page: title, heading, values, the error summary and each field's message. */
export function questionPage(kind: ReferralKind, page: ReferralPage, draft: ReferralDraft, index: number | null, errors: RuleBreak[] = [], prefix = '', posted: PageResult['posted'] = {}) {
  const mapped = pageErrors(errors, FIELDS[page] ?? [], prefix);
  const heading = HEADINGS[page];
  const base = basePath(kind);
  const child = posted.child ?? (index !== null ? draft.children[index] : undefined);
  const adult = posted.adult ?? (index !== null ? draft.adults[index] : undefined);
  return {
    title: pageTitle(heading, mapped.summary.length > 0),
    heading,
    kind,
    page,
    action: `${base}/${page}${index !== null ? `?n=${index}` : ''}`,
    backLink: page === 'check-answers' ? `${base}/${kind === 'public' ? 'about-you' : 'evidence'}` : PREVIOUS[page] ? `${base}/${PREVIOUS[page]}` : kind === 'public' ? '/' : '/referrals',
    exitThisPage: kind === 'public',
    errorSummary: mapped.summary,
    errors: mapped.byInput,
    draft,
    child: child ?? {},
    adult: adult ?? {},
    childDateItems: dateItems(child?.dateOfBirth, !!mapped.byInput['dateOfBirth-day']),
    incidentDateItems: dateItems(draft.concern?.incidentDate, !!mapped.byInput['incidentDate-day']),
    children: draft.children.map((c, i) => ({ key: { text: `Child ${i + 1}` }, value: { text: childName(c) }, actions: { items: [{ href: `${base}/child?n=${i}`, text: 'Change', visuallyHiddenText: `child ${i + 1}` }] } })),
    adults: draft.adults.map((a, i) => ({ key: { text: relationshipWords(a.relationship) }, value: { text: [a.firstName, a.lastName].filter(Boolean).join(' ') || 'Name not known' }, actions: { items: [{ href: `${base}/adult?n=${i}`, text: 'Change', visuallyHiddenText: `adult ${i + 1}` }] } })),
    relationshipItems: RELATIONSHIP_WORDS.map(([value, words]) => ({ value, text: words, checked: adult?.relationship === value })),
    categoryItems: [{ value: '', text: 'Choose one' }, ...CONCERN_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_WORDS[c], selected: draft.concern?.category === c }))],
    urgencyItems: URGENCIES.map((u) => ({ value: u, text: URGENCY_WORDS[u], checked: draft.view?.urgency === u })),
    consentItems: CONSENT_STATUSES.map((c) => ({ value: c, text: CONSENT_WORDS[c], checked: draft.consent?.status === c })),
    evidenceItems: [{ value: '', text: 'None' }, ...EVIDENCE_TYPES.map((e) => ({ value: e, text: EVIDENCE_WORDS[e], selected: draft.evidence?.type === e }))],
    youItems: Object.entries(YOU_WORDS).map(([value, words]) => ({ value, text: words, checked: draft.aboutYou?.relationship === value })),
    summary: page === 'check-answers' ? checkAnswers(kind, draft) : null,
  };
}

export function childName(c: ChildAnswers): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.description || 'Name not known';
}

export function relationshipWords(value: string): string {
  return RELATIONSHIP_WORDS.find(([v]) => v === value)?.[1] ?? 'Someone else';
}
