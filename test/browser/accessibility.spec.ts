import { expect, Page, test } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './helpers';

async function continueOn(page: Page) {
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** SPEC WEB-2: axe (WCAG 2.2 AA) finds nothing on any page, error states included. */
test.describe('axe on every page', () => {
  // Each axe run takes seconds on a shared CI machine; these walk every page and its error states.
  test.describe.configure({ timeout: 400_000 });
  test('public pages, each question page empty and with its errors, confirmation, check, status, add information, errors', async ({ page }) => {
    for (const path of ['/', '/sign-in', '/check', '/signed-out', '/does-not-exist']) {
      await page.goto(path);
      await expectNoAxeViolations(page, path);
    }
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectNoAxeViolations(page, 'sign-in with errors');
    await page.goto('/check');
    await page.getByRole('button', { name: 'Check report' }).click();
    await expectNoAxeViolations(page, 'check with errors');

    await page.goto('/report/what-happened');
    await expectNoAxeViolations(page, 'what-happened');
    await continueOn(page);
    await expectNoAxeViolations(page, 'what-happened with errors');
    await page.getByLabel('Tell us what has happened or what you are worried about').fill('Worried');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2025');
    await continueOn(page);
    await expectNoAxeViolations(page, 'what-happened with a date error');
    await page.getByLabel('Day').fill('');
    await page.getByLabel('Month').fill('');
    await page.getByLabel('Year').fill('');
    await continueOn(page);
    await expectNoAxeViolations(page, 'child');
    await continueOn(page);
    await expectNoAxeViolations(page, 'child with errors');
    await page.getByLabel('First name').fill('Sam');
    await continueOn(page);
    await expectNoAxeViolations(page, 'children');
    await continueOn(page);
    await expectNoAxeViolations(page, 'children with errors');
    await page.getByLabel('Yes', { exact: true }).check();
    await continueOn(page);
    await page.getByLabel('First name').fill('Sam2');
    await continueOn(page);
    await page.getByLabel('No', { exact: true }).check();
    await continueOn(page);
    await expectNoAxeViolations(page, 'adults');
    await page.getByLabel('Yes', { exact: true }).check();
    await continueOn(page);
    await expectNoAxeViolations(page, 'adult');
    await continueOn(page);
    await expectNoAxeViolations(page, 'adult with errors');
    await page.getByLabel("The child's father").check();
    await continueOn(page);
    await page.getByLabel('No', { exact: true }).check();
    await continueOn(page);
    await expectNoAxeViolations(page, 'about-you');
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('Your name').fill('N'.repeat(300));
    await continueOn(page);
    await expectNoAxeViolations(page, 'about-you with errors');
    await page.getByLabel('Your name').fill('Nina');
    await continueOn(page);
    await expectNoAxeViolations(page, 'check-answers');
    await page.getByRole('button', { name: 'Send' }).click();
    await expectNoAxeViolations(page, 'confirmation');
    const reference = (await page.getByTestId('reference').textContent())!.trim();
    const token = (await page.getByTestId('tracking-token').textContent())!.trim();
    await page.goto('/check');
    await page.getByLabel('Reference').fill(reference);
    await page.getByLabel('Tracking code').fill('wrong');
    await page.getByRole('button', { name: 'Check report' }).click();
    await expectNoAxeViolations(page, 'check with no match');
    await page.getByLabel('Tracking code').fill(token);
    await page.getByRole('button', { name: 'Check report' }).click();
    await expectNoAxeViolations(page, 'status');
    await page.getByRole('button', { name: 'Tell us more' }).click();
    await expectNoAxeViolations(page, 'add information');
    await page.getByRole('button', { name: 'Add information' }).click();
    await expectNoAxeViolations(page, 'add information with errors');
  });

  test('professional pages, with their errors, and the 403 page', async ({ page }) => {
    await signIn(page, 'police');
    await expectNoAxeViolations(page, 'my referrals (empty)');
    await page.goto('/referrals/new');
    await continueOn(page);
    await expectNoAxeViolations(page, 'professional what-happened with errors');
    await page.getByLabel('Tell us what has happened or what you are worried about').fill('DA incident at home, two children present.');
    await page.getByLabel('What is it about?').selectOption('da_incident');
    await continueOn(page);
    await page.getByLabel('First name').fill('Ava');
    await continueOn(page);
    await page.getByLabel('No', { exact: true }).check();
    await continueOn(page);
    await page.getByLabel('Yes', { exact: true }).check();
    await continueOn(page);
    await page.getByLabel('Someone else, or I do not know').check();
    await continueOn(page);
    await expectNoAxeViolations(page, 'professional adult with the INT-4 error');
    await expect(page.getByRole('alert')).toContainText('Enter their name, or say why it is not known');
    await page.getByLabel('If you do not know their name, say why').fill('Mother would not say who he is.');
    await continueOn(page);
    await page.getByLabel('No', { exact: true }).check();
    await continueOn(page);
    await expectNoAxeViolations(page, 'your view');
    await page.getByLabel('Immediate risk to the child').check();
    await continueOn(page);
    await expectNoAxeViolations(page, 'consent');
    await page.getByLabel('Given').check();
    await continueOn(page);
    await expectNoAxeViolations(page, 'evidence');
    await page.getByLabel('What evidence is held?').selectOption('video');
    await page.getByLabel('Who holds it?').fill('P'.repeat(201));
    await continueOn(page);
    await expectNoAxeViolations(page, 'evidence with errors');
    await page.getByLabel('Who holds it?').fill('Police body-worn video');
    await continueOn(page);
    await expectNoAxeViolations(page, 'professional check-answers');
    await page.getByRole('button', { name: 'Send' }).click();
    await expectNoAxeViolations(page, 'referral detail');
    const id = page.url().split('/').pop();
    await page.goto('/referrals');
    await expectNoAxeViolations(page, 'my referrals');
    for (const action of ['add-information', 'strategy-discussion', 'challenge']) {
      await page.goto(`/referrals/${id}/${action}`);
      await expectNoAxeViolations(page, action);
      await page.locator('main form button').click();
      await expectNoAxeViolations(page, `${action} with errors`);
    }
    await page.goto('/signed-in');
    await page.goto('/sign-out');
    await signIn(page, 'mash_worker');
    await expectNoAxeViolations(page, 'signed in');
    await page.goto('/referrals');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('You cannot do this');
    await expectNoAxeViolations(page, '403');
  });
});
