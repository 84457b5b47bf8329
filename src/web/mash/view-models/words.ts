import type { Grade } from '../../../modules/triage/domain/grades';

/** A grade as a GOV.UK tag that says it in words (never colour alone, WCAG 1.4.1). */
export function gradeTag(grade: Grade | null | undefined, ungraded = 'Not graded yet'): { text: string; classes: string } {
  switch (grade) {
    case 'RED':
      return { text: 'Red', classes: 'govuk-tag--red' };
    case 'AMBER':
      return { text: 'Amber', classes: 'govuk-tag--orange' };
    case 'GREEN':
      return { text: 'Green', classes: 'govuk-tag--green' };
    default:
      return { text: ungraded, classes: 'govuk-tag--grey' };
  }
}

export const STATUS_WORDS: Record<string, string> = {
  received: 'Received',
  triaged: 'Graded, not yet decided',
  in_progress: 'In progress',
  pending_approval: 'Awaiting approval',
  decided: 'Decided',
  historical: 'Historical (imported)',
};

export const REFERRER_TYPE_WORDS: Record<string, string> = {
  professional: 'Professional',
  police: 'Police',
  partner: 'Partner agency',
  mash_staff: 'MASH (phone, out of hours, hospital)',
  relative: 'Relative',
  neighbour: 'Neighbour',
  self: 'The child',
  other_public: 'Member of the public',
  anonymous: 'Anonymous',
};

export const AGE_BAND_WORDS: Record<string, string> = {
  unborn: 'Unborn',
  'under-1': 'Under 1',
  '1-4': '1 to 4',
  '5-10': '5 to 10',
  '11-15': '11 to 15',
  '16-17': '16 or 17',
};

/** The flags the queue can be filtered by: the accumulation flags (SPEC PPL-4) and a current CP plan. */
export const FLAG_FILTERS: Record<string, string> = {
  any: 'Any accumulation flag',
  'cp-plan': 'On a child protection plan',
  'PPL-4.repeat-contacts': 'Repeat contacts',
  'PPL-4.recontact-after-closure': 'Re-contact after closure',
  'PPL-4.repeat-allegation': 'Repeat allegation',
  'PPL-4.da-notifications': 'Domestic abuse notifications',
  'PPL-4.missing-episodes': 'Missing episodes',
  'PPL-4.was-not-brought': 'Was not brought',
  'PPL-4.frequent-mover': 'Frequent mover',
  'PPL-4.new-adult': 'New adult in the household',
  'PPL-4.pregnancy-or-birth': 'Pregnancy or birth',
  'PPL-4.sibling-cp-plan': 'Sibling on a CP plan',
};

export const CHANNEL_WORDS: Record<string, string> = {
  professional: 'Professional referral',
  police_notification: 'Police notification',
  phone: 'Phone call',
  out_of_hours: 'Out of hours (EDT)',
  hospital_enquiry: 'Hospital enquiry',
  email: 'E-mail',
  early_help_step_up: 'Step-up from early help',
  public: 'Public (online)',
};

export const LEVEL_WORDS: Record<string, string> = {
  universal: 'Universal services',
  early_help: 'Early help',
  child_in_need: 'Child in need',
  child_protection: 'Child protection plan',
  looked_after: 'Looked after',
  none: 'Not known to services',
};

/** First and last name, or what is known instead. */
export function personName(p: { firstName?: string | null; lastName?: string | null }, fallback = 'Name not known'): string {
  const name = [p.firstName, p.lastName].filter((x) => x && x.trim()).join(' ');
  return name || fallback;
}

/** Codes in words: "da_incident" as "da incident", with a capital. */
export function words(code: string | null | undefined): string {
  if (!code) return '';
  const s = code.replace(/[_-]/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
