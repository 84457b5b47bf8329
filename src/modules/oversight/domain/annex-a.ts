/**
 * Ofsted ILACS Annex A lists 1 (contacts) and 3 (referrals) as CSV (SPEC MGT-3). Pure: the column
 * headings of the Annex A template, how one database row becomes one CSV line, and CSV quoting.
 *
 * A "referral" here is a child on a contact whose current (final) threshold decision is one of
 * REFERRAL_OUTCOMES: accepted for a statutory service or already open. The referral date is the
 * date the contact was received (the CIN census referral date).
 */

export const LIST_1_HEADINGS = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', 'Date of Contact', 'Contact Source'] as const;

export const LIST_3_HEADINGS = [
  'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', 'Disability', 'Date of Referral', 'Referral Source',
  'Referral NFA?', 'Number of Referrals in Last 12 Months', 'Allocated Team', 'Allocated Worker',
] as const;

export const REFERRAL_OUTCOMES = ['cin_assessment', 'strategy_discussion', 'immediate_protection', 'existing_case'] as const;

/** The contact's source code (CIN census ReferralSource), as stored on the contact. */
export interface AnnexAChildRow {
  childId: string;
  sex: string;
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
  /** The contact's receipt date, YYYY-MM-DD in Europe/London. */
  eventDate: string;
  source: string | null;
}

export interface AnnexAReferralRow extends AnnexAChildRow {
  disability: string | null;
  previousReferrals12Months: number;
  allocatedTeam: string | null;
  allocatedWorker: string | null;
}

/** Annex A gender codes. */
export function annexGender(sex: string): string {
  return sex === 'M' ? 'a) Male' : sex === 'F' ? 'b) Female' : 'c) Not stated/recorded';
}

/** dd/mm/yyyy, as the Annex A template. */
export function annexDate(isoDate: string | null): string {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Whole years between birth and the event date; blank for an unborn child or an unknown date of birth. */
export function ageInYears(dateOfBirth: string | null, onDate: string): string {
  if (!dateOfBirth) return '';
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age < 0 ? '' : String(age);
}

/** Ethnicity is not collected at the front door: Annex A's "information not yet obtained" code. */
const ETHNICITY_NOT_OBTAINED = 'NOBT';

export function list1Line(row: AnnexAChildRow): string[] {
  return [row.childId, annexGender(row.sex), ETHNICITY_NOT_OBTAINED, annexDate(row.dateOfBirth ?? row.expectedDeliveryDate), ageInYears(row.dateOfBirth, row.eventDate), annexDate(row.eventDate), row.source ?? ''];
}

export function list3Line(row: AnnexAReferralRow): string[] {
  return [
    row.childId, annexGender(row.sex), ETHNICITY_NOT_OBTAINED, annexDate(row.dateOfBirth ?? row.expectedDeliveryDate), ageInYears(row.dateOfBirth, row.eventDate),
    row.disability ? 'a) Yes' : 'b) No', annexDate(row.eventDate), row.source ?? '',
    // Every row is a referral accepted for a service (REFERRAL_OUTCOMES), so never NFA at the front door.
    'b) No', String(row.previousReferrals12Months), row.allocatedTeam ?? '', row.allocatedWorker ?? '',
  ];
}

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets never run a cell as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
