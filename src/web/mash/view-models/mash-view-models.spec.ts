import type { QueueItem } from '../../../modules/triage/triage-query.service';
import { contactPage, ContactPageInput } from './contact-page';
import { needsApproval, gradeOfCriterion } from './grade-page';
import { matchReasons } from './matches-page';
import { queuePage, readQueueQuery } from './queue-page';
import { gradeTag } from './words';

const NOW = new Date('2026-12-05T10:00:00Z');

describe('MASH page view models', () => {
  it('RAG-4: a grade is a tag that says it in words; an ungraded contact says so', () => {
    expect(gradeTag('RED')).toEqual({ text: 'Red', classes: 'govuk-tag--red' });
    expect(gradeTag('AMBER').text).toBe('Amber');
    expect(gradeTag(null, 'Grading pending')).toEqual({ text: 'Grading pending', classes: 'govuk-tag--grey' });
  });

  it('RAG-4: the queue row gives the deadline in words, overdue ones marked, and "You" for the caller’s own contacts', () => {
    const item = (id: string, due: string, holder: string | null): QueueItem => ({
      id, reference: `MASH-${id}`, grading: 'graded', gradingFailure: null, gradeAwaitingConfirmation: false, lastInformationAt: null, updatedAt: '2026-12-05T08:00:00Z', grade: 'RED', provisionalGrade: 'RED', flags: [{ ruleId: 'PPL-4.repeat-contacts', label: '3 contacts in 12 months' }], firedRules: ['RAG-2.red.cp-plan-new-allegation'], onCpPlan: true,
      decisionDueAt: due, timeLeftSeconds: 0, breached: false, status: 'triaged', assignedTo: holder ? { userId: holder, name: 'Sam Worker' } : null, receivedAt: '2026-12-05T08:00:00Z',
    });
    const { query } = readQueueQuery({});
    const page = queuePage([item('1', '2026-12-05T12:00:00Z', 'me'), item('2', '2026-12-04T10:00:00Z', 'other')], query, true, 'me', NOW);
    expect(page.rows.map((r) => [r.deadline.text, r.deadline.overdue, r.holder])).toEqual([
      ['due in 2 hours', false, 'You'],
      ['overdue by 1 day', true, 'Sam Worker'],
    ]);
    expect(page.rows[0].flags).toEqual(['Child on a CP plan', '3 contacts in 12 months']);
    expect(page.pagination.next).toEqual({ href: '/mash?page=2' });
    expect(page.subNavigation.map((s) => s.text)).toEqual(['All', 'Mine', 'Unassigned', 'Awaiting approval']);
  });

  it('RAG-4: queue parameters off the list are errors naming the field; the sort and the filters survive paging', () => {
    expect(readQueueQuery({ grade: 'PINK', page: '0' }).errors.map((e) => e.field)).toEqual(['grade', 'page']);
    const { query } = readQueueQuery({ grade: 'RED', sort: 'received-desc', view: 'mine', page: '2' });
    const page = queuePage([], query, true, 'me', NOW);
    expect(page.pagination.previous!.href).toBe('/mash?view=mine&grade=RED&sort=received-desc');
    expect(page.pagination.next!.href).toBe('/mash?view=mine&grade=RED&sort=received-desc&page=3');
  });

  it('RAG-3: lowering, or grading below RED after a referrer said "immediate risk", needs a manager; raising does not', () => {
    expect(gradeOfCriterion('AMBER.child-in-need')).toBe('AMBER');
    expect(gradeOfCriterion('nonsense')).toBeNull();
    expect(needsApproval('AMBER', 'RED', 'RED', null)).toBe(true);
    expect(needsApproval('RED', 'AMBER', 'AMBER', null)).toBe(false);
    expect(needsApproval('AMBER', 'AMBER', 'GREEN', 'immediate_risk')).toBe(true);
    expect(needsApproval('GREEN', 'GREEN', 'GREEN', null)).toBe(false);
  });

  it('PPL-1: match reasons are the scored features in words', () => {
    expect(matchReasons({ firstName: 1, lastName: 0.7, dateOfBirth: 'transposed', postcode: 'district', sex: 'match', nhsNumber: 'unknown' })).toEqual([
      'Same first name', 'Similar last name (70% alike)', 'Date of birth with day and month swapped', 'Same postcode district', 'Same sex',
    ]);
  });

  it('WEB-4: the contact’s task list is in the case reviews’ order and each task shows its state', () => {
    const input: ContactPageInput = {
      contact: {
        id: 'c1', reference: 'MASH-1', channel: 'public', receivedAt: '2026-12-05T08:00:00Z', anonymous: true, referrer: null,
        referrerView: { isChildProtection: null, harm: null, whatShouldHappen: null, urgency: null },
        subjects: [{ id: 's1', firstName: 'Ava', lastName: 'Lee', dateOfBirth: '2019-01-01', expectedDeliveryDate: null, unborn: false, personId: 'p1' }],
        household: [], concerns: [],
      },
      triage: { status: 'triaged', graded: true, grade: 'RED', decisionDueAt: '2026-12-05T12:00:00Z', assignedTo: null, subjects: [{ subjectId: 's1', personId: 'p1', grade: 'RED', confirmedGrade: 'RED', pendingApproval: null, flags: [] }] },
      pendingMatches: 0, checks: { requested: 2, answered: 1, outstandingRequired: 0 }, decided: new Set(), decisionPending: new Set(['s1']), strategy: 'held', feedback: { sent: 0, queued: 0 }, historyViewed: new Set(),
    };
    const page = contactPage(input, 'me', NOW);
    expect(page.tasks.map((t) => [t.title.text, t.status.text ?? t.status.tag?.text])).toEqual([
      ['Confirm the grade for Ava Lee', 'Completed'],
      ['Check possible matches with people we know', 'Completed'],
      ['Read the history of Ava Lee', 'Not yet viewed'],
      ['Agency checks', 'In progress'],
      ['Record the decision for Ava Lee', 'Awaiting approval'],
      ['Strategy discussion', 'Completed'],
      ['Feedback to the referrer', 'Not possible (anonymous)'],
    ]);
    expect(page.identity.find((i) => i.label === 'Decision due')!.value).toMatch(/^due in 2 hours/);

    // Not graded yet: nothing to confirm, and why (moments away, or every automatic attempt failed).
    const ungraded = { ...input.triage, graded: false, grade: null, decisionDueAt: null, subjects: [{ ...input.triage.subjects[0], grade: null, confirmedGrade: null }] };
    const pending = contactPage({ ...input, triage: { ...ungraded, grading: 'pending' } }, 'me', NOW).tasks[0];
    expect([pending.title.text, pending.href, pending.status.text]).toEqual(['Confirm the grades', undefined, 'Grading pending']);
    const byHand = contactPage({ ...input, triage: { ...ungraded, grading: 'grade_by_hand', gradingFailure: 'Automatic grading failed 8 times' } }, 'me', NOW).tasks[0];
    expect([byHand.title.text, byHand.href, byHand.hint?.text, byHand.status.tag?.text]).toEqual(['Grade Ava Lee by hand', '/mash/contacts/c1/grade-by-hand', 'Automatic grading failed 8 times', 'Grade by hand']);
  });
});
