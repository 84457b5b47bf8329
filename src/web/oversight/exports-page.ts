import type { RuleBreak } from '../../common/rule-break';
import { pageErrors } from '../forms/page-errors';
import { pageTitle } from '../view-models/page';
import { recentMonths } from './months';

export const EXPORTS = [
  { id: 'annex-a-list-1', file: 'annex-a-list-1.csv', name: 'Annex A List 1: contacts', hint: 'One row per child on each contact received in the month (Ofsted ILACS).' },
  { id: 'annex-a-list-3', file: 'annex-a-list-3.csv', name: 'Annex A List 3: referrals', hint: 'Children accepted as referrals in the month, with referrals in the last 12 months.' },
  { id: 'board-pack', file: 'board-pack.csv', name: 'Board pack (anonymised)', hint: 'Counts only: no names, dates of birth or addresses; counts from 1 to 4 are suppressed.' },
] as const;

/** Exports (SPEC MGT-3): each a download for a month; every download is recorded in the audit trail. */
export function exportsPage(now: Date, month?: string, failedExport?: string, details: RuleBreak[] = []) {
  const errors = pageErrors(details, [{ field: 'month', input: `${failedExport ?? EXPORTS[0].id}-month`, label: 'The month' }]);
  const months = recentMonths(now, 24);
  const chosen = month && months.some((m) => m.value === month) ? month : months[0].value;
  return {
    title: pageTitle('Exports', errors.summary.length > 0), errorSummary: errors.summary, errors: errors.byInput,
    exports: EXPORTS.map((e) => ({ ...e, selectId: `${e.id}-month`, error: errors.byInput[`${e.id}-month`], action: `/manager/exports/${e.file}`, monthItems: months.map((m) => ({ ...m, selected: m.value === chosen })) })),
  };
}
