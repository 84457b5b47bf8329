import type { RuleBreak } from '../../common/rule-break';
import { RELATIONSHIPS } from '../../modules/contacts/domain/contact-vocabulary';
import { DateParts, dateItems, dateParts, FormBody, isoDate, text } from '../forms/form-values';
import { pageErrors, PageField } from '../forms/page-errors';
import { pageTitle } from '../view-models/page';

export const MAX_CHILDREN = 10;

export interface DaChild {
  firstName: string;
  lastName: string;
  dob: DateParts;
  seen: string;
}

/** The answers on the police domestic-abuse notification form (SPEC INT-5), as typed. */
export interface DaAnswers {
  description: string;
  incident: DateParts;
  children: DaChild[];
  perpFirstName: string;
  perpLastName: string;
  perpRelationship: string;
  perpResident: string;
}

const blankChild = (): DaChild => ({ firstName: '', lastName: '', dob: { day: '', month: '', year: '' }, seen: '' });
const childIsBlank = (c: DaChild) => !c.firstName && !c.lastName && !c.dob.day && !c.dob.month && !c.dob.year && !c.seen;

export function emptyDaAnswers(): DaAnswers {
  return { description: '', incident: { day: '', month: '', year: '' }, children: [blankChild()], perpFirstName: '', perpLastName: '', perpRelationship: '', perpResident: '' };
}

/** Reads the posted form; `add` asks for one more child's row (adding another child works without JavaScript). */
export function readDaForm(body: FormBody): { answers: DaAnswers; add: boolean } {
  const count = Math.min(MAX_CHILDREN, Math.max(1, Number.parseInt(text(body, 'childCount'), 10) || 1));
  const children: DaChild[] = [];
  for (let i = 0; i < count; i++) {
    children.push({ firstName: text(body, `child${i}FirstName`), lastName: text(body, `child${i}LastName`), dob: dateParts(body, `child${i}Dob`), seen: text(body, `child${i}Seen`) });
  }
  const add = text(body, 'action') === 'add-child' && children.length < MAX_CHILDREN;
  if (add) children.push(blankChild());
  return {
    answers: {
      description: text(body, 'description'),
      incident: dateParts(body, 'incident'),
      children,
      perpFirstName: text(body, 'perpFirstName'),
      perpLastName: text(body, 'perpLastName'),
      perpRelationship: text(body, 'perpRelationship'),
      perpResident: text(body, 'perpResident'),
    },
    add,
  };
}

/**
 * What the page itself insists on before the API sees it (SPEC INT-5): for a domestic-abuse
 * notification, every child named says whether the officer saw them; a named suspect has a relationship.
 */
export function daPageRules(a: DaAnswers): RuleBreak[] {
  const out: RuleBreak[] = [];
  named(a).forEach(({ child, index }) => {
    if (child.seen !== 'yes' && child.seen !== 'no') out.push({ field: `subjects[${index}].seenByReferrer`, rule: 'INT-5.child-seen', message: 'Say whether this child was seen' });
  });
  if ((a.perpFirstName || a.perpLastName) && !a.perpRelationship) out.push({ field: 'household[0].relationship', rule: 'isIn', message: 'relationship is required' });
  return out;
}

function named(a: DaAnswers) {
  return a.children.map((child, index) => ({ child, index })).filter(({ child }) => !childIsBlank(child));
}

/** The API body of a police notification (POST /api/v1/contacts, channel police_notification). Children keep their row numbers. */
export function daBody(a: DaAnswers) {
  const kids = named(a);
  const perp = a.perpFirstName || a.perpLastName || a.perpRelationship;
  return {
    channel: 'police_notification',
    subjects: kids.map(({ child }) => ({
      firstName: child.firstName || null, lastName: child.lastName || null, dateOfBirth: isoDate(child.dob),
      seenByReferrer: child.seen === 'yes' ? true : child.seen === 'no' ? false : null,
    })),
    household: perp ? [{
      firstName: a.perpFirstName || null, lastName: a.perpLastName || null, relationship: a.perpRelationship || undefined,
      resident: a.perpResident === 'yes' ? true : a.perpResident === 'no' ? false : null, knownRisks: ['domestic_abuse_perpetrator'],
    }] : [],
    concerns: [{ category: 'da_incident', description: a.description, incidentDate: isoDate(a.incident) }],
  };
}

/** Maps API details about `subjects[n]` (numbered among named children) back to the row the officer typed. */
export function toRowDetails(a: DaAnswers, details: RuleBreak[]): RuleBreak[] {
  const rows = named(a).map((n) => n.index);
  return details.map((d) => {
    const m = /^subjects\[(\d+)\](.*)$/.exec(d.field);
    return m && rows[Number(m[1])] !== undefined ? { ...d, field: `subjects[${rows[Number(m[1])]}]${m[2]}` } : d;
  });
}

const RELATIONSHIP_WORDS: Record<string, string> = {
  mother: 'Mother', father: 'Father', step_mother: 'Stepmother', step_father: 'Stepfather', mothers_partner: "Mother's partner", fathers_partner: "Father's partner",
  sibling: 'Brother or sister', half_sibling: 'Half-brother or half-sister', step_sibling: 'Stepbrother or stepsister', grandparent: 'Grandparent', aunt_uncle: 'Aunt or uncle',
  other_relative: 'Other relative', foster_carer: 'Foster carer', lodger: 'Lodger', regular_visitor: 'Regular visitor', unknown_adult: 'Adult not known', other: 'Other',
};

export function daNotificationPage(a: DaAnswers, details: RuleBreak[] = []) {
  const fields: PageField[] = [
    { field: 'concerns[0].description', input: 'description', label: 'What happened' },
    { field: 'concerns[0].incidentDate', input: 'incident-day', label: 'Date of the incident' },
    ...a.children.flatMap((_, i) => [
      { field: `subjects[${i}].seenByReferrer`, input: `child${i}Seen`, label: 'Whether this child was seen' },
      { field: `subjects[${i}].dateOfBirth`, input: `child${i}Dob-day`, label: 'Date of birth' },
      { field: `subjects[${i}]`, input: `child${i}FirstName`, label: 'The child' },
    ]),
    { field: 'household[0].relationship', input: 'perpRelationship', label: 'Their relationship to the children' },
    { field: 'household[0]', input: 'perpFirstName', label: 'The suspect' },
    { field: 'subjects', input: 'child0FirstName', label: 'The children' },
    { field: 'concerns', input: 'description', label: 'What happened' },
  ];
  const errors = pageErrors(details, fields);
  const err = (id: string) => errors.byInput[id];
  return {
    title: pageTitle('Domestic abuse notification', errors.summary.length > 0),
    errorSummary: errors.summary, errors: errors.byInput,
    description: a.description,
    incidentItems: dateItems(a.incident, !!err('incident-day')),
    childCount: a.children.length,
    canAddChild: a.children.length < MAX_CHILDREN,
    children: a.children.map((c, i) => ({
      n: i + 1, i, firstName: c.firstName, lastName: c.lastName,
      dobItems: dateItems(c.dob, !!err(`child${i}Dob-day`)),
      seenItems: [{ value: 'yes', text: 'Yes', checked: c.seen === 'yes' }, { value: 'no', text: 'No', checked: c.seen === 'no' }],
    })),
    perpFirstName: a.perpFirstName, perpLastName: a.perpLastName,
    relationshipItems: [{ value: '', text: 'Select a relationship' }, ...RELATIONSHIPS.map((r) => ({ value: r, text: RELATIONSHIP_WORDS[r] ?? r, selected: a.perpRelationship === r }))],
    residentItems: [{ value: 'yes', text: 'Yes', checked: a.perpResident === 'yes' }, { value: 'no', text: 'No', checked: a.perpResident === 'no' }, { value: 'unknown', text: 'Not known', checked: a.perpResident === 'unknown' }],
  };
}
