import { questionPage } from '../referral/referral-pages';
import { sessionCookie } from '../web-setup';
import { errorPage } from './error-page';
import { myReferralsPage, statusTag } from './my-referrals';
import { pageTitle } from './page';
import { confirmationPage, publicStatusPage } from './public-pages';
import { referralDetailPage } from './referral-detail';
import { signInPage } from './sign-in';

describe('page view models', () => {
  it('titles read "Page - Service - Council", with "Error: " first when the page shows errors', () => {
    expect(pageTitle('My referrals')).toBe('My referrals - Worried about a child - Northshire Council');
    expect(signInPage({ email: '', wrongCredentials: true }).title).toBe('Error: Sign in - Worried about a child - Northshire Council');
  });

  it.each([
    ['received', 'Received', 'govuk-tag--blue'], ['in_progress', 'Being looked at', 'govuk-tag--yellow'], ['pending_approval', 'Awaiting manager', 'govuk-tag--orange'],
    ['decided', 'Decided', 'govuk-tag--green'], ['something_new', 'something_new', 'govuk-tag--grey'],
  ])('status %s is the tag "%s" (%s)', (status, text, classes) => {
    expect(statusTag(status)).toEqual({ text, classes });
  });

  it('My referrals: the reference links to the referral; received time in England; the latest feedback in words', () => {
    const page = myReferralsPage([{
      id: 'c1', reference: 'MASH-2026-000001', channel: 'professional', status: 'decided', receivedAt: '2026-07-01T08:00:00Z', updatedAt: '2026-07-02T08:00:00Z', subjectCount: 2, concernCount: 1,
      feedback: [
        { id: 'f1', decisionId: null, kind: 'acknowledgement', status: 'sent', sentAt: new Date(), createdAt: new Date(), subject: 'a', text: 'a' },
        { id: 'f2', decisionId: 'd1', kind: 'outcome', status: 'failed', sentAt: null, createdAt: new Date(), subject: 'b', text: 'b' },
      ],
    }], 'next');
    expect(page.rows[0]).toEqual([
      { html: '<a class="govuk-link" href="/referrals/c1">MASH-2026-000001</a>' }, { text: '1 July 2026 at 9am' }, { text: '2' },
      { html: '<strong class="govuk-tag govuk-tag--green">Decided</strong>' }, { text: 'Outcome, not delivered yet' },
    ]);
    expect(page.nextHref).toBe('/referrals?cursor=next');
  });

  it('a referral: an open challenge shows its stage and when the answer is due, in England’s time; an answered one its outcome', () => {
    const contact = { id: 'c1', reference: 'MASH-2026-000001', status: 'decided', receivedAt: '2026-12-01T10:00:00Z', subjects: [{ id: 's', firstName: null, lastName: null, description: null, dateOfBirth: '2018-04-03' }], concerns: [{ description: 'Bruise', addedAt: null }], information: [] };
    const challenge = { id: 'x', status: 'open', reason: 'Disagree', outcome: null, outcomeReason: null, stage: { label: 'MASH team manager', responseDueAt: '2026-12-07T17:00:00Z' }, createdAt: '2026-12-05T10:00:00Z' };
    const page = referralDetailPage(contact, [{ id: 'f', kind: 'outcome', status: 'sent', sentAt: '2026-12-04T10:00:00Z', createdAt: '2026-12-04T10:00:00Z', decisionId: 'd', content: { subject: 'Decision', text: 'We decided' } }], [challenge, { ...challenge, status: 'resolved', outcome: 'not_upheld', outcomeReason: 'Threshold not met' }], new Date('2026-12-05T12:00:00Z'));
    expect(page.children).toEqual([{ key: { text: 'Child 1' }, value: { text: 'Child 1, born 3 April 2018' } }]);
    expect(page.challengeable).toBe(true);
    expect(page.challenges[0]).toMatchObject({ stage: 'MASH team manager', status: 'Open', due: 'Answer due by 7 December 2026 at 5pm (due in 2 days)', overdue: false });
    expect(page.challenges[1]).toMatchObject({ status: 'Challenge not upheld', due: null, outcomeReason: 'Threshold not met' });
  });

  it('the public status keeps the outcome in plain words, one paragraph per child', () => {
    const page = publicStatusPage({ reference: 'MASH-2026-000001', status: 'decided', outcomeSummary: 'Child 1 of 2: help offered.\nChild 2 of 2: no further action.', updatedAt: '2026-12-05T10:00:00Z' });
    expect(page.tag).toEqual({ text: 'Decided', classes: 'govuk-tag--green' });
    expect(page.paragraphs).toEqual(['Child 1 of 2: help offered.', 'Child 2 of 2: no further action.']);
    expect(confirmationPage({ reference: 'R', trackingToken: null, receivedAt: '2026-12-05T10:00:00Z' }).trackingToken).toBeNull();
  });

  it.each([[404, 'Page not found'], [403, 'You cannot do this'], [429, 'Too many attempts'], [500, 'Sorry, there is a problem with the service'], [503, 'Sorry, there is a problem with the service']])('error %s is "%s"', (status, h) => {
    expect(errorPage(status).heading).toBe(h);
  });

  it('the session cookie is __Host- and Secure in production, plain over HTTP in development and test; HttpOnly and Lax always', () => {
    expect(sessionCookie('production')).toEqual({ name: '__Host-mash-session', cookie: { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 20 * 60_000 } });
    expect(sessionCookie('development')).toMatchObject({ name: 'mash-session', cookie: { httpOnly: true, secure: false, sameSite: 'lax' } });
  });
});

describe('question pages', () => {
  it('a question page re-rendered with the API details: Error title, summary linked to the input, the answers kept, the back link to the previous page', () => {
    const draft = { children: [], adults: [], concern: { description: 'x', category: 'other' } };
    const page = questionPage('public', 'child', draft, null, [{ field: 'subjects[0]', rule: 'INT-6.subject-description', message: 'api' }], 'subjects[0]');
    expect(page.title).toBe('Error: About the child - Worried about a child - Northshire Council');
    expect(page.errorSummary).toEqual([{ text: expect.stringContaining('Tell us something about the child'), href: '#firstName' }]);
    expect(page.errors.firstName.text).toContain('Tell us something about the child');
    expect(page.backLink).toBe('/report/what-happened');
    expect(page.exitThisPage).toBe(true);
    expect(questionPage('professional', 'what-happened', draft, null).exitThisPage).toBe(false);
  });
});
