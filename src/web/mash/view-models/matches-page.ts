import type { MatchCandidateView } from '../../../modules/people/persistence/person-match-candidate.repository';
import { formatDate } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import { personName, words } from './words';

export interface MatchSource {
  id: string;
  kind: 'contact_subject' | 'contact_household_member';
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  postcode: string | null;
  nhsNumber: string | null;
  personId: string | null;
  role: string;
}

type Features = { firstName?: number | null; lastName?: number | null; dateOfBirth?: string; postcode?: string; sex?: string; nhsNumber?: string };

const DOB_WORDS: Record<string, string> = { exact: 'Same date of birth', transposed: 'Date of birth with day and month swapped', year_off_by_one: 'Date of birth one year apart', mismatch: 'Different date of birth', unknown: 'Date of birth not known on one side' };
const POSTCODE_WORDS: Record<string, string> = { exact: 'Same postcode (now or before)', district: 'Same postcode district', mismatch: 'Different postcode', unknown: 'Postcode not known on one side' };
const AGREE = (what: string): Record<string, string> => ({ match: `Same ${what}`, mismatch: `Different ${what}`, unknown: `${words(what)} not known on one side` });

/** Why the matcher offered a candidate, in words (SPEC PPL-1): the same features it scored. */
export function matchReasons(f: Features): string[] {
  const name = (n: number | null | undefined, which: string) => (n === null || n === undefined ? null : n >= 0.99 ? `Same ${which}` : n >= 0.6 ? `Similar ${which} (${Math.round(n * 100)}% alike)` : `Different ${which}`);
  return [
    f.nhsNumber && f.nhsNumber !== 'unknown' ? AGREE('NHS number')[f.nhsNumber] : null,
    name(f.firstName, 'first name'),
    name(f.lastName, 'last name'),
    f.dateOfBirth ? DOB_WORDS[f.dateOfBirth] : null,
    f.postcode ? POSTCODE_WORDS[f.postcode] : null,
    f.sex && f.sex !== 'unknown' ? AGREE('sex')[f.sex] : null,
  ].filter((x): x is string => !!x);
}

/** Possible matches (SPEC PPL-1): each person on the contact beside each candidate, with confirm, reject or create a new record. */
export function matchesPage(contactId: string, reference: string, sources: MatchSource[], candidates: MatchCandidateView[]) {
  const pending = candidates.filter((c) => c.status === 'pending');
  const groups = sources
    .map((s) => {
      const mine = pending.filter((c) => c.sourceId === s.id);
      return {
        heading: `${personName(s)} (${s.role})`,
        linked: !!s.personId,
        linkedHref: s.personId && s.kind === 'contact_subject' ? `/mash/children/${s.personId}` : null,
        newAction: `/mash/contacts/${contactId}/matches/${s.kind === 'contact_subject' ? 'subjects' : 'household'}/${s.id}/new`,
        candidates: mine.map((c) => ({
          id: c.id,
          score: `${Math.round(c.score * 100)}%`,
          rows: [
            { key: 'Name', here: personName(s, 'Not known'), there: personName(c, 'Not known') },
            { key: 'Date of birth', here: s.dateOfBirth ? formatDate(s.dateOfBirth) : 'Not known', there: c.dateOfBirth ? formatDate(c.dateOfBirth) : 'Not known' },
            { key: 'Sex', here: s.sex ?? 'Not known', there: c.sex ?? 'Not known' },
            { key: 'Postcode', here: s.postcode ?? 'Not known', there: c.postcode ?? 'Not known' },
          ],
          reasons: matchReasons((c.features ?? {}) as Features),
          confirmAction: `/mash/contacts/${contactId}/matches/${c.id}/confirm`,
          rejectAction: `/mash/contacts/${contactId}/matches/${c.id}/reject`,
        })),
      };
    })
    .filter((g) => g.candidates.length > 0 || !g.linked);
  return {
    title: pageTitle(`Possible matches for ${reference}`),
    caption: `Contact ${reference}`,
    heading: 'Possible matches',
    backLink: `/mash/contacts/${contactId}`,
    groups,
    nothingToDo: groups.length === 0,
  };
}
