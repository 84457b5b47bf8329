import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './helpers';
import { bearer, me, partnerInNewAgency, schoolReferral } from './partner-helpers';


// Each axe run takes seconds on a shared CI machine, and these flows run several.
test.describe.configure({ timeout: 300_000 });
/**
 * DUD 5.20 (threats to kill a child; the police asked for a strategy discussion and were refused
 * without a reason they could challenge), SPEC INT-5, STR-1, ESC-1: police notify a domestic abuse
 * incident naming each child and whether seen, request a strategy discussion, and see the manager's
 * decline with its reason and the route to challenge it.
 */
test('DUD 5.20: police request a strategy discussion after threats to a child and see the manager\'s decline with its reason and challenge route', async ({ page, request }) => {
  await signIn(page, 'police');
  await page.goto('/police');
  await expectNoAxeViolations(page, 'police home');
  await page.getByRole('link', { name: 'Send a domestic abuse notification' }).click();
  await expectNoAxeViolations(page, 'DA notification');
  await page.getByLabel('What happened?').fill('Father threatened to kill the children and their mother; officers attended at 2am.');
  await page.getByRole('group', { name: 'Child 1' }).getByLabel('First name').fill('Kian');
  await page.getByRole('group', { name: 'Child 1' }).getByLabel('Last name').fill('Doyle');
  await page.getByRole('button', { name: 'Add another child' }).click();
  await page.getByRole('group', { name: 'Child 2' }).getByLabel('First name').fill('Maya');
  await page.getByRole('group', { name: 'Child 2' }).getByLabel('Last name').fill('Doyle');
  await page.getByRole('group', { name: 'Did officers see this child?' }).first().getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Send notification' }).click();
  await expect(page.getByRole('link', { name: 'Say whether this child was seen' })).toBeVisible();
  await expectNoAxeViolations(page, 'DA notification with errors');
  await page.getByRole('group', { name: 'Did officers see this child?' }).nth(1).getByLabel('No').check();
  await page.getByRole('button', { name: 'Send notification' }).click();
  await expect(page.getByText(/Notification sent: MASH-\d{4}-\d{6}/)).toBeVisible();

  await page.getByRole('link', { name: 'Request a strategy discussion' }).click();
  await page.getByLabel(/Kian/).check();
  await page.getByLabel('Why is a strategy discussion needed?').fill('Father threatened to kill Kian; he has a knife conviction and was released on bail today.');
  await page.getByLabel('Immediate risk to the child').check();
  await page.screenshot({ path: 'docs/screenshots/police-strategy-request.png', fullPage: true });
  await page.getByRole('button', { name: 'Request discussion' }).click();
  await expect(page.getByText('Strategy discussion requested').first()).toBeVisible();

  await page.goto('/police/strategy-discussions');
  await expectNoAxeViolations(page, 'police strategy discussions');
  const link = page.getByTestId('strategy-requested').getByRole('link').first();
  const id = (await link.getAttribute('href'))!.split('/').pop()!;

  // The manager declines through the JSON API (the manager's own page is part 2's).
  const police = await me(request, 'police');
  const declined = await request.post(`/api/v1/strategy-discussions/${id}/decline`, {
    headers: await bearer(request, 'manager@mash.localhost'),
    data: { reason: 'No s47 threshold: father has left the area and the bail conditions forbid contact.', agenciesConsulted: [police.agencyId], alternativePlan: 'Child and family assessment; police to share bail conditions.' },
  });
  expect(declined.status(), await declined.text()).toBe(200);

  await link.click();
  await expect(page.getByTestId('strategy-summary')).toContainText('Declined');
  const decline = page.getByTestId('strategy-decline');
  await expect(decline).toContainText('No s47 threshold: father has left the area and the bail conditions forbid contact.');
  await expect(decline).toContainText('Child and family assessment; police to share bail conditions.');
  await expect(page.getByTestId('challenge-route')).toContainText('You can challenge this decision under the');
  await expectNoAxeViolations(page, 'declined strategy discussion');
  await page.getByRole('button', { name: 'Challenge this decision' }).click();
  await expect(page.getByRole('link', { name: 'Enter why you disagree' })).toBeVisible();
  await expectNoAxeViolations(page, 'challenge with errors');
  await page.getByLabel('Why do you disagree?').fill('Bail conditions do not remove the risk: he has breached bail twice before.');
  await page.getByRole('button', { name: 'Challenge this decision' }).click();
  await expect(page.getByText('Challenge raised').first()).toBeVisible();
});

/** SPEC CHK-1, CHK-2, SEC-2: a check goes to one GP practice; another practice never sees it. */
test('CHK-2: a GP answers a check and a second GP practice cannot see it', async ({ page, request, browser }) => {
  const gp = await me(request, 'gp@mash.localhost');
  const { contactId } = await schoolReferral(request, [{ firstName: 'Nell', lastName: 'Carver', dateOfBirth: '2020-02-02', gpPractice: 'Hillview GP Practice' }]);
  const asked = await request.post(`/api/v1/contacts/${contactId}/checks`, {
    headers: await bearer(request, 'mash_worker'),
    data: { agencyId: gp.agencyId, reason: 'Neglect concerns from school', questions: ['Is Nell registered with you?', 'Missed appointments or injuries in the last year?'], lawfulBasis: 'Children Act 1989 s17' },
  });
  expect(asked.status(), await asked.text()).toBe(201);

  await signIn(page, 'gp@mash.localhost');
  await page.goto('/agency');
  await page.getByRole('link', { name: /waiting/ }).first().click();
  await expect(page.getByTestId('checks-waiting')).toContainText('Nell Carver');
  await expectNoAxeViolations(page, 'checks inbox');
  await page.getByTestId('checks-waiting').getByRole('link', { name: 'GP check' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('GP check');
  await page.getByLabel('Answer the check').check();
  await page.getByRole('button', { name: 'Send answer' }).click();
  await expectNoAxeViolations(page, 'check with errors');
  await page.getByLabel('What your agency knows').fill('Registered; missed three immunisation appointments in 2026.');
  await page.getByRole('button', { name: 'Send answer' }).click();
  await expect(page.getByText('Check answered').first()).toBeVisible();
  await expect(page.getByTestId('checks-done')).toContainText('Nell Carver');

  const email = `second-gp-${Date.now()}@mash.localhost`;
  await partnerInNewAgency(request, { name: `Second GP Practice ${Date.now()}`, type: 'health_gp' }, email, 'Second-practice-2026!');
  const other = await (await browser.newContext()).newPage();
  await other.goto('/sign-in');
  await other.getByLabel('E-mail address').fill(email);
  await other.getByLabel('Password').fill('Second-practice-2026!');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.goto('/agency/checks');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Checks to answer');
  await expect(other.locator('main')).not.toContainText('Nell Carver');
  const res = await other.goto(`/agency/checks/${(await asked.json()).id}`);
  expect(res?.status()).toBe(404);
});

/** SPEC STEP-2 (DUD 4.7, 6.90): a step-down is a handover to a named lead professional, who accepts it. */
test('STEP-2: a health visitor accepts a step-down as lead professional', async ({ page, request }) => {
  const hv = await me(request, 'partner@mash.localhost');
  const { subjectIds } = await schoolReferral(request, [{ firstName: 'Ollie', lastName: 'Brennan', dateOfBirth: '2025-05-05' }]);
  const proposed = await request.post('/api/v1/step-downs', {
    headers: await bearer(request, 'mash_worker'),
    data: {
      subjectId: subjectIds[0], receivingAgencyId: hv.agencyId, leadProfessional: { userId: hv.id },
      riskHandover: 'Mother has postnatal depression; home conditions poor; no CP history.',
      plan: { actions: [{ action: 'Weekly visits for six weeks', owner: 'Health visitor', successCriteria: 'Mother engaged with perinatal mental health team' }] },
      reviewDate: '2027-03-01',
    },
  });
  expect(proposed.status(), await proposed.text()).toBe(201);

  await signIn(page, 'partner@mash.localhost');
  await page.goto('/agency/step-downs');
  await expectNoAxeViolations(page, 'step-downs');
  await page.getByTestId('step-downs-waiting').getByRole('link', { name: 'Ollie Brennan' }).click();
  await expect(page.getByTestId('risk-handover')).toHaveText('Mother has postnatal depression; home conditions poor; no CP history.');
  await expectNoAxeViolations(page, 'step-down');
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByRole('link', { name: 'Enter why you decline' })).toBeVisible();
  await expectNoAxeViolations(page, 'step-down decline with errors');
  await page.getByRole('button', { name: 'Accept as lead professional' }).click();
  await expect(page.getByText('You are now the lead professional for Ollie Brennan')).toBeVisible();
  await expect(page.getByTestId('step-down-summary')).toContainText('Accepted');
  await expect(page.getByRole('button', { name: 'Accept as lead professional' })).toHaveCount(0);
});
