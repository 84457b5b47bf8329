import type { DashboardService } from '../../modules/oversight/reports/dashboard.service';
import { formatDate, formatDateTime } from '../view-models/dates';
import { pageTitle } from '../view-models/page';
import { horizontalBars, stackedColumns } from './charts';

export type Dashboard = Awaited<ReturnType<DashboardService['dashboard']>>;

export const DASHBOARD_WEEKS = [4, 12, 26, 52] as const;

const REFERRER_TYPE_WORDS: Record<string, string> = {
  professional: 'Professional', police: 'Police', partner: 'Partner agency', mash_staff: 'MASH (phone, out of hours, hospital)', relative: 'Relative',
  neighbour: 'Neighbour', self: 'The child', other_public: 'Member of the public', anonymous: 'Anonymous',
};
const AGE_WORDS: Record<string, string> = { under_4h: 'Under 4 hours', '4h_to_1d': '4 hours to 1 day', '1d_to_3d': '1 to 3 days', '3d_to_7d': '3 to 7 days', over_7d: 'Over 7 days' };
const GRADE_WORDS: Record<string, string> = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green', ungraded: 'Not graded yet' };
/** GOV.UK palette; each series is also named in words. */
const GRADE_COLOURS = { RED: '#d4351c', AMBER: '#f47738', GREEN: '#00703c' };

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? 'No data' : `${Math.round(rate * 1000) / 10}%`);
const hours = (h: number | null | undefined) => (h === null || h === undefined ? 'No data' : `${h} hours`);
const num = (n: number) => ({ text: String(n), format: 'numeric' });
const qs = (params: Record<string, string>) => `/mash?${new URLSearchParams(params).toString()}`;

interface Tile { label: string; value: number; href: string; qa: string; hint?: string }

/** The managers' dashboard (SPEC MGT-2): tiles linking to the filtered queue, then each figure as a table, with a chart where one helps. */
export function dashboardPage(d: Dashboard, extra: { minutesNotReceived: number; weeks: number }) {
  const g = d.openContacts.byGrade as Record<string, number>;
  const tiles: Tile[] = [
    { label: 'Open contacts', value: d.openContacts.total, href: '/mash', qa: 'tile-open' },
    { label: 'Open: Red', value: g.RED ?? 0, href: qs({ grade: 'RED' }), qa: 'tile-red' },
    { label: 'Open: Amber', value: g.AMBER ?? 0, href: qs({ grade: 'AMBER' }), qa: 'tile-amber' },
    { label: 'Open: Green', value: g.GREEN ?? 0, href: qs({ grade: 'GREEN' }), qa: 'tile-green' },
    { label: 'Deadlines passed', value: d.slaBreaches.breached, href: qs({ sort: 'due' }), qa: 'tile-breaches', hint: 'Running clocks past their due time' },
    { label: `Due within ${d.slaBreaches.nearBreachHours} hours`, value: d.slaBreaches.nearBreaches, href: qs({ sort: 'due' }), qa: 'tile-near-breaches' },
    { label: 'Awaiting approval', value: d.awaitingApproval.total, href: qs({ view: 'approval' }), qa: 'tile-approval' },
    { label: 'Feedback overdue', value: d.overdue.feedback.clocksPastDue + (d.overdue.feedback.failedDeliveries ?? 0), href: qs({ sort: 'due' }), qa: 'tile-feedback', hint: 'Past due, or not delivered' },
    { label: 'Minutes overdue', value: d.overdue.minutes, href: qs({ sort: 'due' }), qa: 'tile-minutes' },
    { label: 'Minutes not received', value: extra.minutesNotReceived, href: qs({ sort: 'due' }), qa: 'tile-minutes-not-received' },
    { label: 'Checks overdue', value: d.overdue.checks, href: qs({ sort: 'due' }), qa: 'tile-checks' },
    { label: 'Step-down acceptances overdue', value: d.overdue.stepDownAcceptances, href: qs({ sort: 'due' }), qa: 'tile-step-downs' },
  ];

  const ages = Object.entries(d.openContacts.byAgeBand as Record<string, number>);
  const ageChart = horizontalBars('chart-age', 'Open contacts by time since received', 'table-age', ages.map(([k, v]) => ({ label: AGE_WORDS[k] ?? k, value: v, display: String(v) })));

  const drift = d.thresholdDrift;
  const driftChart = stackedColumns(
    'chart-drift', 'Children graded each week, by grade', 'table-drift',
    [{ name: 'Red', colour: GRADE_COLOURS.RED }, { name: 'Amber', colour: GRADE_COLOURS.AMBER }, { name: 'Green', colour: GRADE_COLOURS.GREEN }],
    drift.map((w) => ({ label: formatDate(w.weekStarting).replace(/ \d{4}$/, ''), values: [w.red, w.amber, w.green] })),
  );

  const neutrality = d.sourceNeutrality as { referrerType: string; decided: number; nfa: number; nfaRate: number | null; medianHoursToDecision: number | null; meanHoursToDecision: number | null }[];
  const nfaChart = horizontalBars('chart-nfa', 'NFA rate by referrer type', 'table-neutrality', neutrality.map((r) => ({ label: REFERRER_TYPE_WORDS[r.referrerType] ?? r.referrerType, value: r.nfaRate ?? 0, display: pct(r.nfaRate) })), 1);

  const recontact = d.recontact;
  const recontactChart = horizontalBars('chart-recontact', 'Re-contact rate after NFA or advice', 'table-recontact', recontact.map((r) => ({ label: `Within ${r.withinMonths} months`, value: r.rate ?? 0, display: pct(r.rate) })), 1);

  const load = d.workerLoad as { userId: string; name: string; role: string; openContacts: number; runningClocks: number; pastDueClocks: number }[];
  return {
    title: pageTitle('Dashboard'),
    generatedAt: formatDateTime(d.generatedAt),
    period: `${formatDate(d.period.from)} to ${formatDate(new Date(new Date(d.period.to).getTime() - 1).toISOString())}`,
    weekItems: DASHBOARD_WEEKS.map((w) => ({ value: String(w), text: `Last ${w} weeks`, selected: w === extra.weeks })),
    tiles,
    gradeRows: Object.entries(g).map(([k, v]) => [{ html: `<a class="govuk-link" href="${k === 'ungraded' ? '/mash' : qs({ grade: k })}">${GRADE_WORDS[k] ?? k}</a>` }, num(v)]),
    ageRows: ages.map(([k, v]) => [{ text: AGE_WORDS[k] ?? k }, num(v)]),
    ageChart,
    loadRows: load.map((w) => [{ text: w.name }, { text: w.role === 'mash_manager' ? 'Manager' : 'Social worker' }, num(w.openContacts), num(w.runningClocks), num(w.pastDueClocks)]),
    driftRows: drift.map((w) => [{ text: formatDate(w.weekStarting) }, num(w.contacts), num(w.red), num(w.amber), num(w.green), { text: pct(w.redAmberShare), format: 'numeric' }]),
    driftChart,
    neutralityRows: neutrality.map((r) => [
      { html: `<a class="govuk-link" href="${qs({ referrerType: r.referrerType })}">${REFERRER_TYPE_WORDS[r.referrerType] ?? r.referrerType}</a>` },
      num(r.decided), num(r.nfa), { text: pct(r.nfaRate), format: 'numeric' }, { text: hours(r.medianHoursToDecision), format: 'numeric' }, { text: hours(r.meanHoursToDecision), format: 'numeric' },
    ]),
    nfaChart,
    recontactRows: recontact.map((r) => [{ text: `${r.withinMonths} months` }, num(r.closures), num(r.eligible), num(r.recontacted), { text: pct(r.rate), format: 'numeric' }]),
    recontactChart,
    overrides: d.overrides.total,
    definitions: d.definitions,
  };
}
