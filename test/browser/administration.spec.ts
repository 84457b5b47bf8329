import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { DEMO_USERS } from '../../src/seed/demo-data';
import { simpleContact, tag } from '../factories/contact-bodies';
import { expectNoAxeViolations, signIn } from './helpers';

test.describe.configure({ timeout: 300_000 });

async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  const res = await request.post('/api/v1/auth/token', { data: { email: user.email, password: user.password } });
  expect(res.status()).toBe(200);
  return (await res.json()).accessToken;
}

async function signInAs(page: Page, email: string) {
  await signIn(page, email);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** SPEC SEC-4, WEB-2: an auditor reads the trail, its verification, decisions and audit results, and can change nothing: no page holds a form. */
test('an auditor’s pages have no forms, show when their access ends, and pass axe', async ({ page }) => {
  await signInAs(page, 'auditor@mash.localhost');
  await expect(page).toHaveURL(/\/audit$/);
  const visited: string[] = [];
  for (const link of ['Audit trail', 'Verify the audit trail', 'Decisions', 'Audit results']) {
    await page.goto('/audit');
    await page.getByRole('link', { name: link, exact: true }).click();
    visited.push(new URL(page.url()).pathname);
    await expect(page.getByTestId('access-expiry')).toContainText('Your access as an auditor ends on');
    expect({ page: link, forms: await page.locator('form').count() }).toEqual({ page: link, forms: 0 });
    await expectNoAxeViolations(page, `auditor: ${link}`);
  }
  expect(visited).toEqual(['/audit/trail', '/audit/verify', '/audit/decisions', '/audit/results']);
  await page.goto('/audit/verify');
  await expect(page.getByRole('heading', { name: 'The trail is intact' })).toBeVisible();
  // The time-out warning keeps the auditor signed in with a link, not a form.
  await expect(page.locator('dialog.app-timeout-dialog a', { hasText: 'Stay signed in' })).toHaveCount(1);
});

/** SPEC SEC-4, SEC-2: administrators never read case data; a child's page is "not found" to them. */
test('an administrator reaching a child’s page gets 404', async ({ page, request }) => {
  const referrer = await tokenOf(request, 'referrer@mash.localhost');
  const body = simpleContact(tag());
  const created = await request.post('/api/v1/contacts', { headers: { Authorization: `Bearer ${referrer}` }, data: body });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  await signInAs(page, 'admin2@mash.localhost');
  await expect(page).toHaveURL(/\/administration$/);
  const res = await page.goto(`/referrals/${id}`);
  expect(res!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByText(body.subjects[0].firstName as string)).toHaveCount(0);
  await expectNoAxeViolations(page, 'administrator: 404');
});

/** SPEC WEB-2: axe finds no WCAG 2.2 AA violation on the administrators' pages, error states included, nor on the password link's page. */
test('administration pages and the password page pass axe, with their errors', async ({ page }) => {
  await signInAs(page, 'admin2@mash.localhost');
  for (const path of ['/administration', '/administration/accounts', '/administration/approvals', '/administration/agencies', '/administration/configuration']) {
    await page.goto(path);
    await expectNoAxeViolations(page, path);
  }
  await page.goto('/administration/accounts');
  await page.getByRole('link', { name: 'Avery Auditor' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Avery Auditor');
  await expectNoAxeViolations(page, 'account');
  await page.getByRole('button', { name: 'Ask for approval' }).click();
  await expect(page.locator('.govuk-error-summary')).toBeVisible();
  await expectNoAxeViolations(page, 'account with errors');

  await page.goto('/administration/accounts/invite');
  await expectNoAxeViolations(page, 'invite');
  await page.getByRole('button', { name: 'Invite' }).click();
  await expect(page.locator('.govuk-error-summary')).toBeVisible();
  await expectNoAxeViolations(page, 'invite with errors');
  await page.getByLabel('Full name').fill('Pia Partner');
  await page.getByLabel('E-mail address').fill(`pia-${Date.now()}@partner.localhost`);
  await page.getByLabel('Role').selectOption('partner');
  await page.getByLabel('Agency').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Invite' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pia Partner');
  await expect(page.getByText('Waiting for approval').first()).toBeVisible();
  await page.goto('/administration/approvals');
  await expect(page.getByText('Another administrator must decide this').first()).toBeVisible();
  await expectNoAxeViolations(page, 'approvals with a request');

  await page.goto('/administration/agencies/new');
  await page.getByRole('button', { name: 'Add agency' }).click();
  await expectNoAxeViolations(page, 'add an agency with errors');

  await page.goto('/sign-out');
  await page.goto('/account/password?token=not-a-real-token-but-long-enough');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a password');
  await expectNoAxeViolations(page, 'choose a password');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.locator('.govuk-error-summary')).toBeVisible();
  await expectNoAxeViolations(page, 'choose a password with errors');
  await page.getByLabel('Password', { exact: true }).fill('A-long-enough-password');
  await page.getByLabel('Type the password again').fill('A-long-enough-password');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link does not work');
  await expectNoAxeViolations(page, 'a link that does not work');
});

/** SPEC MGT-4, WEB-2: a manager reads the trail and verifies it (axe on both). */
test('a manager’s audit pages pass axe', async ({ page }) => {
  await signInAs(page, 'manager@mash.localhost');
  for (const path of ['/audit', '/audit/trail', '/audit/verify', '/audit/decisions', '/audit/results']) {
    await page.goto(path);
    await expectNoAxeViolations(page, `manager: ${path}`);
  }
});
