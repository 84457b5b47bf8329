import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { DEMO_USERS } from '../../src/seed/demo-data';
import { expectNoAxeViolations, signIn } from './helpers';

/**
 * The MASH worker's and manager's case pages (SPEC WEB-4, WEB-5), each test a case review replayed
 * through them. Contacts arrive and are graded through the JSON API (the referral and grading pages
 * are tested elsewhere); the case pages are reached by their addresses.
 */

const tokens = new Map<string, string>();
async function headers(request: APIRequestContext, who: string) {
  if (!tokens.has(who)) {
    const user = DEMO_USERS.find((u) => u.role === who || u.email === who)!;
    const res = await request.post('/api/v1/auth/token', { data: { email: user.email, password: user.password } });
    expect(res.status()).toBe(200);
    tokens.set(who, (await res.json()).accessToken);
  }
  return { Authorization: `Bearer ${tokens.get(who)}` };
}

/** A valid NHS number (modulus 11), different each run, so the person index links the child's contacts. */
function nhsNumber(): string {
  for (;;) {
    const digits = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
    const check = 11 - (digits.reduce((sum, d, i) => sum + d * (10 - i), 0) % 11);
    if (check === 10) continue;
    return [...digits, check === 11 ? 0 : check].join('');
  }
}

const run = Date.now().toString(36).slice(-5);
const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-03-14`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

interface Child {
  contactId: string;
  subjectId: string;
  personId: string;
  flags: string[];
}

/** A school's contact through the API, graded by the worker process, the grade confirmed by a MASH worker. */
async function contact(request: APIRequestContext, child: Record<string, unknown>, concerns: { category: string; description: string }[], grade: string, criterion: string): Promise<Child> {
  const res = await request.post('/api/v1/contacts', { headers: await headers(request, 'referrer'), data: { channel: 'professional', subjects: [child], concerns } });
  expect(res.status(), await res.text()).toBe(201);
  const contactId = (await res.json()).id;
  let triage: { subjects: { subjectId: string; personId: string; provisionalGrade: string; flags: { ruleId: string }[] }[] } = { subjects: [] };
  await expect.poll(async () => {
    const r = await request.get(`/api/v1/contacts/${contactId}/triage`, { headers: await headers(request, 'mash_worker') });
    if (r.status() !== 200) return false;
    triage = await r.json();
    return triage.subjects.length === 1 && !!triage.subjects[0].provisionalGrade && !!triage.subjects[0].personId;
  }, { timeout: 30_000 }).toBe(true);
  const s = triage.subjects[0];
  const g = await request.post(`/api/v1/contacts/${contactId}/subjects/${s.subjectId}/grade`, { headers: await headers(request, 'mash_worker'), data: { grade, criterion, rationale: 'Confirmed after reading the history.' } });
  expect([200, 202]).toContain(g.status());
  return { contactId, subjectId: s.subjectId, personId: s.personId, flags: s.flags.map((f) => f.ruleId) };
}

/** CHK-2: the GP practice answers the GP check directly. */
async function gpAnswers(request: APIRequestContext, c: Child) {
  const check = await request.post(`/api/v1/contacts/${c.contactId}/checks`, {
    headers: await headers(request, 'mash_worker'),
    data: { agencyType: 'health_gp', checkType: 'gp', subjectIds: [c.subjectId], reason: 'Health history', questions: ['Any missed appointments or injuries?'], lawfulBasis: 'Children Act 1989 s47' },
  });
  expect(check.status()).toBe(201);
  const answer = await request.post(`/api/v1/checks/${(await check.json()).id}/response`, { headers: await headers(request, 'gp@mash.localhost'), data: { status: 'returned', summary: 'Registered; no concerns on record.' } });
  expect(answer.status()).toBe(200);
}

const decisionUrl = (c: Child) => `/mash/contacts/${c.contactId}/children/${c.personId}/decision`;

async function signOutAndIn(page: Page, who: string) {
  await page.goto('/sign-out');
  await signIn(page, who);
}

test('DUD 5.8-5.18: a third contact in two months raises the repeat-contacts flag; an NFA with "partner in custody" as its only reason is refused, naming the lesson', async ({ page, request }) => {
  const child = { firstName: `Dana${run}`, lastName: `Dudley${run}`, dateOfBirth: yearsAgo(4), sex: 'F', nhsNumber: nhsNumber(), gpPractice: 'Hillview GP Practice' };
  const worry = [{ category: 'home_conditions', description: 'Home conditions poor; mother says partner is now in prison.' }];
  await contact(request, child, worry, 'GREEN', 'GREEN.universal-services');
  await contact(request, child, worry, 'GREEN', 'GREEN.universal-services');
  const third = await contact(request, child, worry, 'AMBER', 'AMBER.harm-not-ruled-out');
  expect(third.flags.join(' ')).toMatch(/repeat/i);
  await gpAnswers(request, third);

  await signIn(page, 'mash_worker');
  await page.goto(decisionUrl(third));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Decision for Dana${run} Dudley${run}`);
  await expect(page.getByTestId('flags')).toContainText('Accumulation flags');
  await page.getByLabel('No further action').check();
  await page.locator('#riskAnalysis-nfa').fill('Risk lower while the partner is in prison.');
  await page.locator('#reasonsThresholdNotMet-nfa').fill('The partner who posed the risk is in custody.');
  await page.locator('#alternativeSupport-nfa').fill('Family Hub drop-in');
  await page.getByLabel('Level 1: universal').check();
  await page.getByLabel('Alleged perpetrator arrested or in custody').check();
  await page.getByLabel('Rationale').fill('Partner in custody, so no further action.');
  await page.getByLabel(/I have read the history/).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Check your decision for Dana${run} Dudley${run}`);
  await page.getByRole('button', { name: 'Record decision' }).click();
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toContainText('"partner in custody"');
  await expect(summary).toContainText('Dudley review');
  await expectNoAxeViolations(page, 'decision refused (sole reason)');
  await summary.getByRole('link').first().click();
  await expect(page.locator('#reasonCodes')).toBeFocused();
});

test('IOW 2.3, 2.7: a RED child given a CAF-level (early help) outcome is refused; a manager overrides with a reason; another manager sees it in the override register', async ({ page, request }) => {
  const child = await contact(request, { firstName: `Isla${run}`, lastName: `Wight${run}`, dateOfBirth: yearsAgo(9), sex: 'F', gpPractice: 'Hillview GP Practice' },
    [{ category: 'threat_to_harm_or_kill', description: "Mother's partner threatened to kill the child." }], 'RED', 'RED.likely-significant-harm');
  await gpAnswers(request, child);
  const fill = async (p: Page) => {
    await p.goto(decisionUrl(child));
    await p.getByLabel('Early help, with a named lead professional').check();
    await p.getByLabel("Lead professional's name").fill('Eli Early Help');
    await p.getByLabel("Lead professional's e-mail address").fill('earlyhelp@mash.localhost');
    await p.getByLabel('Risk handover: what the lead professional must know').fill('Threat to kill reported; police say disproved.');
    await p.getByLabel('Action', { exact: true }).fill('Weekly home visit');
    await p.getByLabel('Who does it').fill('Family support worker');
    await p.getByLabel('How you will know it worked').fill('Attends school every day');
    const [y, m, d] = inDays(28).split('-');
    await p.getByLabel('Day').fill(d);
    await p.getByLabel('Month').fill(m);
    await p.getByLabel('Year').fill(y);
    await p.getByLabel('Level 2: early help').check();
    await p.getByLabel('Needs can be met by early help with a named lead professional').check();
    await p.getByLabel('Rationale').fill('Family accept early help; CAF opened.');
    await p.getByLabel(/I have read the history/).check();
  };
  await signIn(page, 'mash_worker');
  await fill(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('A RED child needs a strategy discussion or immediate protection');
  await expectNoAxeViolations(page, 'decision refused (RED outcome)');

  await signOutAndIn(page, 'mash_manager');
  await fill(page);
  await page.getByLabel('Reason for overriding a rule (managers only)').fill(`Police confirm the threat was disproved (${run}).`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Decision waiting for a manager's approval");
  await expect(page.getByTestId('approval-reasons')).toContainText('A manager overrode a rule');
  await expectNoAxeViolations(page, 'decision waiting for approval');

  await signOutAndIn(page, 'manager2@mash.localhost');
  await page.goto('/mash/manager/overrides');
  const row = page.getByTestId('overrides').getByRole('row', { name: new RegExp(`threat was disproved \\(${run}\\)`) });
  await expect(row).toContainText('RED child given a lower outcome');
  await expect(row).toContainText('Waiting for approval');
  await expectNoAxeViolations(page, 'override register');
  await page.goto('/mash/manager/approvals');
  await expectNoAxeViolations(page, 'approvals');
});

test('DUD 6.86-6.92: an early-help step-down stays pending, with its acceptance clock, until the lead professional accepts', async ({ page, request }) => {
  const child = await contact(request, { firstName: `Sid${run}`, lastName: `Step${run}`, dateOfBirth: yearsAgo(6), sex: 'M' }, [{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
  await signIn(page, 'mash_worker');
  await page.goto(`/mash/children/${child.personId}/step-down`);
  await page.getByRole('button', { name: 'Propose step-down' }).click();
  await expect(page.locator('.govuk-error-summary').getByRole('link', { name: 'Hand over the risk: what the receiving service must know' })).toHaveAttribute('href', '#riskHandover');
  await expectNoAxeViolations(page, 'step-down with errors');
  await page.locator('#receivingAgencyId').selectOption({ label: 'Northshire Early Help Service' });
  await page.locator('#leadName').fill('Eli Early Help');
  await page.locator('#leadEmail').fill('earlyhelp@mash.localhost');
  await page.locator('#riskHandover').fill('Home conditions poor; no injuries seen.');
  await page.locator('#planAction').fill('Weekly family support visits');
  await page.locator('#planOwner').fill('Family support worker');
  await page.locator('#planSuccess').fill('Home safe at review');
  const review = new Date(Date.now() + 30 * 86_400_000);
  await page.getByLabel('Day').fill(String(review.getUTCDate()));
  await page.getByLabel('Month').fill(String(review.getUTCMonth() + 1));
  await page.getByLabel('Year').fill(String(review.getUTCFullYear()));
  await page.getByRole('button', { name: 'Propose step-down' }).click();
  await expect(page.getByTestId('step-down-status')).toHaveText('Waiting for the lead professional to accept');
  await expect(page.getByTestId('acceptance-clock')).toContainText(/Acceptance due in/);
  await expectNoAxeViolations(page, 'step-down pending');
  const id = page.url().split('/').pop()!;

  await page.reload();
  await expect(page.getByTestId('step-down-status')).toHaveText('Waiting for the lead professional to accept');
  const accepted = await request.post(`/api/v1/step-downs/${id}/accept`, { headers: await headers(request, 'earlyhelp@mash.localhost') });
  expect(accepted.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('step-down-status')).toHaveText('Accepted');
  await page.goto(`/mash/children/${child.personId}/level`);
  await expect(page.getByTestId('level')).toContainText('Early help');
  await expectNoAxeViolations(page, "child's level");
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('WEB-2: a worker asks for a check and records a decision; every follow-up question is on the page', async ({ page, request }) => {
    const child = await contact(request, { firstName: `Nojs${run}`, lastName: `Child${run}`, dateOfBirth: yearsAgo(5), sex: 'F' }, [{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    await signIn(page, 'mash_worker');
    await page.goto(`/mash/contacts/${child.contactId}/checks`);
    await page.getByLabel('Agency').selectOption({ label: 'Hillview GP Practice' });
    await page.getByLabel('Reason').fill('Health history');
    await page.getByLabel('Questions').fill('Is the child registered?');
    await page.getByLabel('Lawful basis').fill('Children Act 1989 s17');
    await page.getByRole('button', { name: 'Ask for this check' }).click();
    await expect(page.getByTestId('check')).toContainText('Waiting for answer');

    await page.goto(decisionUrl(child));
    await expect(page.locator('#riskAnalysis-nfa')).toBeVisible(); // revealed questions are shown without JavaScript
    await page.getByLabel('Child and family assessment (section 17)').check();
    await page.getByLabel('Level 3: child in need (section 17)').check();
    await page.getByLabel('Rationale').fill('Needs an assessment of home conditions.');
    await page.getByLabel(/I have read the history/).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect(page.locator('.govuk-panel__title')).toHaveText('Decision recorded');
    await expect(page.getByTestId('decision-status')).toHaveText('Final');
  });
});

test('axe on the case pages and their error states: checks, decision, strategy, step-down, manager pages', async ({ page, request }) => {
  test.setTimeout(300_000);
  const child = await contact(request, { firstName: `Axe${run}`, lastName: `Child${run}`, dateOfBirth: yearsAgo(8), sex: 'M' }, [{ category: 'injury', description: 'Bruise on the cheek' }], 'RED', 'RED.likely-significant-harm');
  await signIn(page, 'mash_worker');
  await page.goto(`/mash/contacts/${child.contactId}/checks`);
  await expectNoAxeViolations(page, 'checks');
  await page.getByRole('button', { name: 'Ask for this check' }).click();
  await expectNoAxeViolations(page, 'checks with errors');
  await page.goto(decisionUrl(child));
  await expectNoAxeViolations(page, 'decision form');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectNoAxeViolations(page, 'decision form with errors');
  await page.getByLabel('Early help, with a named lead professional').check();
  await expect(page.locator('#stepDownReviewDate')).toBeVisible();
  await expectNoAxeViolations(page, 'decision form, early help step-down revealed');
  await page.getByLabel('Level 2: early help').check();
  await page.getByLabel('Rationale').fill('Family asked for help.');
  await page.getByLabel(/I have read the history/).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-summary-list__row', { hasText: 'Risk handover' })).toContainText('Not given');
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect(page.locator('.govuk-error-summary').getByRole('link', { name: 'Give the date the plan is reviewed' })).toHaveAttribute('href', '#stepDownReviewDate-day');
  await expectNoAxeViolations(page, 'decision form, early help step-down incomplete');
  await page.goto(`/mash/contacts/${child.contactId}/strategy`);
  await expectNoAxeViolations(page, 'strategy for a contact');
  await page.getByRole('button', { name: 'Ask for a strategy discussion' }).click();
  await expectNoAxeViolations(page, 'strategy request with errors');
  await page.getByLabel('Why is a strategy discussion needed?').fill('Injury to a RED child');
  await page.getByLabel('Immediate risk').check();
  await page.getByRole('button', { name: 'Ask for a strategy discussion' }).click();
  await expectNoAxeViolations(page, 'strategy discussion: convene');
  await page.getByRole('button', { name: 'Convene' }).click();
  await expectNoAxeViolations(page, 'strategy discussion: convene with errors');
  await page.goto(`/mash/children/${child.personId}/level`);
  await expectNoAxeViolations(page, "child's level (worker)");

  await page.goto('/sign-out');
  await signIn(page, 'mash_manager');
  for (const path of ['/mash/manager/approvals', '/mash/manager/overrides', '/mash/manager/reassign', '/mash/manager/challenges', '/mash/manager/strategy-requests', `/mash/children/${child.personId}/level`]) {
    await page.goto(path);
    await expectNoAxeViolations(page, path);
  }
  await page.goto('/mash/manager/reassign');
  await page.getByRole('button', { name: 'Reassign' }).click();
  await expectNoAxeViolations(page, 'reassign with errors');
  await page.goto(`/mash/children/${child.personId}/level`);
  await page.getByRole('button', { name: 'Record level' }).click();
  await expectNoAxeViolations(page, 'level with errors');
  await page.goto('/mash/manager/strategy-requests');
  await page.getByText('Decline this request').first().click();
  await page.getByRole('button', { name: 'Decline request' }).first().click();
  await expectNoAxeViolations(page, 'strategy decline with errors');
});

test('WEB-2: keyboard only, a contact triaged from the queue through its task list to a recorded decision', async ({ page, request }) => {
  const child = await contact(request, { firstName: `Kay${run}`, lastName: `Board${run}`, dateOfBirth: yearsAgo(7), sex: 'F' }, [{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
  expect((await request.post(`/api/v1/contacts/${child.contactId}/assign`, { headers: await headers(request, 'mash_worker'), data: {} })).status()).toBeLessThan(300);
  const reference: string = (await (await request.get(`/api/v1/contacts/${child.contactId}`, { headers: await headers(request, 'mash_worker') })).json()).reference;
  await signIn(page, 'mash_worker');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Triage queue');
  // What a screen reader would announce for the focused element: a control's label, else its text.
  const focused = () => page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return (el?.labels?.[0]?.innerText ?? el?.innerText ?? '').trim();
  });
  const tabTo = async (match: RegExp, max = 120) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (match.test(await focused())) return;
    }
    throw new Error(`never reached ${match}`);
  };
  const arrowTo = async (match: RegExp) => {
    for (let i = 0; i < 10 && !match.test(await focused()); i++) await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatch(match);
  };

  await tabTo(/^Mine$/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/view=mine/);
  await tabTo(new RegExp(`^${reference}$`));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Contact ${reference}`);
  await tabTo(new RegExp(`^Record the decision for Kay${run} Board${run}$`));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Decision for Kay${run} Board${run}`);

  await tabTo(/^No further action$/);
  await arrowTo(/^Child and family assessment/);
  await expect(page.getByLabel('Child and family assessment (section 17)')).toBeChecked();
  await tabTo(/^Level 1: universal$/);
  await arrowTo(/^Level 3: child in need/);
  await tabTo(/^Rationale$/);
  await page.keyboard.type('Home conditions need a child and family assessment.');
  await tabTo(/^I have read the history/);
  await page.keyboard.press('Space');
  await tabTo(/^Continue$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Check your decision for Kay${run} Board${run}`);
  await tabTo(/^Record decision$/);
  await page.keyboard.press('Enter');
  await expect(page.locator('.govuk-panel__title')).toHaveText('Decision recorded');
  await tabTo(/^Back to the contact$/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('task-list').getByRole('listitem').filter({ hasText: `Record the decision for Kay${run}` })).toContainText('Completed');
  await expectNoAxeViolations(page, 'contact with a decision recorded');
});
