import { AGE_BANDS, QUEUE_SORTS, QueueSort } from '../../../modules/triage/domain/queue-vocabulary';
import type { QueueItem } from '../../../modules/triage/triage-query.service';
import { GRADES } from '../../../modules/triage/domain/grades';
import { REFERRER_TYPES } from '../../../modules/contacts/domain/contact-vocabulary';
import type { RuleBreak } from '../../../common/rule-break';
import { deadlineWords, formatDateTime } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import { AGE_BAND_WORDS, FLAG_FILTERS, gradeTag, REFERRER_TYPE_WORDS, STATUS_WORDS } from './words';

export const QUEUE_VIEWS = ['all', 'mine', 'unassigned', 'approval'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const PAGE_SIZE = 25;

/** The queue's GET parameters after checking: each unknown value is a rule break naming the field. */
export interface QueueQuery {
  view: QueueView;
  grade?: string;
  flag?: string;
  referrerType?: string;
  age?: string;
  sort: QueueSort;
  page: number;
}

const one = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function readQueueQuery(q: Record<string, unknown>): { query: QueueQuery; errors: RuleBreak[] } {
  const errors: RuleBreak[] = [];
  const pick = <T extends string>(field: string, allowed: readonly T[], label: string): T | undefined => {
    const v = one(q[field]);
    if (v === undefined) return undefined;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    errors.push({ field, rule: 'isIn', message: `Select ${label} from the list` });
    return undefined;
  };
  const view = pick('view', QUEUE_VIEWS, 'a view') ?? 'all';
  const grade = pick('grade', GRADES, 'a grade');
  const flag = pick('flag', Object.keys(FLAG_FILTERS), 'a flag');
  const referrerType = pick('referrerType', REFERRER_TYPES, 'a referrer type');
  const age = pick('age', AGE_BANDS, 'an age');
  const sort = pick('sort', QUEUE_SORTS, 'a sort order') ?? 'due';
  const rawPage = one(q.page);
  let page = 1;
  if (rawPage !== undefined) {
    if (/^[1-9]\d{0,4}$/.test(rawPage)) page = Number(rawPage);
    else errors.push({ field: 'page', rule: 'isInt', message: 'Page must be a whole number from 1' });
  }
  return { query: { view, grade, flag, referrerType, age, sort, page }, errors };
}

function href(query: QueueQuery, change: Partial<QueueQuery>): string {
  const merged = { ...query, ...change };
  const params = new URLSearchParams();
  if (merged.view !== 'all') params.set('view', merged.view);
  for (const key of ['grade', 'flag', 'referrerType', 'age'] as const) if (merged[key]) params.set(key, merged[key]!);
  if (merged.sort !== 'due') params.set('sort', merged.sort);
  if (merged.page > 1) params.set('page', String(merged.page));
  const s = params.toString();
  return s ? `/mash?${s}` : '/mash';
}

const options = (words: Record<string, string>, selected: string | undefined, anyText: string) => [
  { value: '', text: anyText, selected: !selected },
  ...Object.entries(words).map(([value, text]) => ({ value, text, selected: selected === value })),
];

export interface QueueRow {
  id: string;
  reference: string;
  href: string;
  received: string;
  grade: { text: string; classes: string };
  /** "Provisional" until a worker confirms every child's grade. */
  gradeNote: string | null;
  flags: string[];
  deadline: { text: string; overdue: boolean; exact: string; iso: string };
  status: string;
  holder: string;
  heldByMe: boolean;
  canAssign: boolean;
}

const VIEW_TITLES: Record<QueueView, string> = { all: 'All open contacts', mine: 'My contacts', unassigned: 'Unassigned contacts', approval: 'Awaiting approval' };

/** The triage queue (SPEC RAG-4): what to do next, by decision deadline, with grade and flags in words. */
export function queuePage(items: QueueItem[], query: QueueQuery, hasMore: boolean, userId: string, now: Date, errors: RuleBreak[] = []) {
  const rows: QueueRow[] = items.map((i) => {
    const d = deadlineWords(i.decisionDueAt, now);
    const flags = i.flags.map((f) => f.label);
    if (i.onCpPlan) flags.unshift('Child on a CP plan');
    return {
      id: i.id,
      reference: i.reference,
      href: `/mash/contacts/${i.id}`,
      received: formatDateTime(i.receivedAt),
      // Not graded yet: the worker grades it within seconds, or every attempt failed and a person must.
      grade: i.grading === 'grade_by_hand' ? { text: 'Grade by hand', classes: 'govuk-tag--red' } : gradeTag(i.grade, 'Grading pending'),
      gradeNote: i.grading === 'grade_by_hand'
        ? `Automatic grading failed${i.gradingFailure ? `: ${i.gradingFailure}` : ''}`
        : i.gradeAwaitingConfirmation ? 'raised by the rules after new information: confirm it'
        : i.grade && i.grade !== i.provisionalGrade ? `graded ${gradeTag(i.provisionalGrade).text} by the rules` : null,
      flags,
      deadline: { text: i.breached && !d.overdue ? `${d.text} (breached)` : d.text, overdue: d.overdue || i.breached, exact: formatDateTime(i.decisionDueAt), iso: i.decisionDueAt },
      status: STATUS_WORDS[i.status] ?? i.status,
      holder: i.assignedTo ? (i.assignedTo.userId === userId ? 'You' : i.assignedTo.name) : 'Nobody',
      heldByMe: i.assignedTo?.userId === userId,
      canAssign: i.assignedTo?.userId !== userId,
    };
  });
  const sortLink = (asc: QueueSort, desc: QueueSort | null, text: string) => {
    const active = query.sort === asc ? 'ascending' : query.sort === desc ? 'descending' : 'none';
    const next = query.sort === asc && desc ? desc : asc;
    return { text, href: href(query, { sort: next, page: 1 }), ariaSort: active };
  };
  const filtered = [query.grade, query.flag, query.referrerType, query.age].some(Boolean);
  return {
    title: pageTitle(`Triage queue: ${VIEW_TITLES[query.view]}`, errors.length > 0),
    heading: 'Triage queue',
    caption: VIEW_TITLES[query.view],
    subNavigation: QUEUE_VIEWS.map((v) => ({ text: VIEW_TITLES[v].replace(' open contacts', '').replace('My contacts', 'Mine').replace('Unassigned contacts', 'Unassigned'), href: href({ ...query, page: 1 }, { view: v }), active: v === query.view })),
    errorSummary: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
    errorsByField: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
    filter: {
      view: query.view === 'all' ? null : query.view,
      sort: query.sort === 'due' ? null : query.sort,
      grade: options({ RED: 'Red', AMBER: 'Amber', GREEN: 'Green' }, query.grade, 'Any grade'),
      flag: options(FLAG_FILTERS, query.flag, 'Any or no flag'),
      referrerType: options(REFERRER_TYPE_WORDS, query.referrerType, 'Any referrer'),
      age: options(AGE_BAND_WORDS, query.age, 'Any age'),
      clearHref: filtered ? href({ view: query.view, sort: query.sort, page: 1 }, {}) : null,
    },
    sort: {
      reference: sortLink('received', 'received-desc', 'Received'),
      grade: sortLink('grade', null, 'Grade'),
      deadline: sortLink('due', 'due-desc', 'Decision due'),
    },
    rows,
    empty: rows.length === 0,
    pagination: {
      previous: query.page > 1 ? { href: href(query, { page: query.page - 1 }) } : undefined,
      next: hasMore ? { href: href(query, { page: query.page + 1 }) } : undefined,
      page: query.page,
    },
  };
}
