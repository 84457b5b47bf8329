import { expect, test } from '@playwright/test';
import { decideThroughApi } from './helpers';

/** SPEC INT-1, INT-6, INT-7, WEB-2: a member of the public, with JavaScript off, from the start page to the outcome. */
test.describe('public referral with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('report anonymously, keep the reference and token, then read the decision in plain words', async ({ page, request }) => {
    await page.goto('/');
    await expect(page).toHaveTitle('Tell us about a worry for a child - Worried about a child - Northshire Council');
    await expect(page.getByRole('main').getByText('If a child is in immediate danger, call 999.')).toBeVisible();
    await expect(page.getByRole('button', { name: /Exit this page/ })).toBeVisible();
    await page.getByRole('button', { name: 'Start now' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('What has happened?');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert')).toContainText('Tell us what has happened or what you are worried about');
    await page.getByLabel('Tell us what has happened or what you are worried about').fill('Every night I hear shouting and a small child screaming next door.');
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('About the child');
    await page.getByLabel('First name').fill('Lily');
    await page.getByLabel('If you do not know their name or age, describe them').fill('A girl of about 4');
    await page.getByLabel('Postcode').fill('NS1 4AB');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('group', { name: 'Do you need to add another child?' }).getByLabel('No').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel("Mother's partner or boyfriend").check();
    await page.getByLabel('First name').fill('Wayne');
    await page.getByRole('group', { name: 'Do they live with the child?' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('No').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('About you');
    await page.getByLabel('No, I want to stay anonymous').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
    await expect(page.getByText('Wayne')).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/public-referral-check-answers.png', fullPage: true });
    await page.getByRole('button', { name: 'Send' }).click();

    await expect(page.getByRole('heading', { name: 'Report sent' })).toBeVisible();
    const reference = (await page.getByTestId('reference').textContent())!.trim();
    const token = (await page.getByTestId('tracking-token').textContent())!.trim();
    expect(reference).toMatch(/^MASH-\d{4}-\d{6}$/);
    await page.screenshot({ path: 'docs/screenshots/public-referral-confirmation.png', fullPage: true });

    await page.goto('/check');
    await page.getByLabel('Reference').fill(reference);
    await page.getByLabel('Tracking code').fill(token);
    await page.getByRole('button', { name: 'Check report' }).click();
    await expect(page.getByTestId('status')).toHaveText(/Received|Being looked at/);

    await decideThroughApi(request, { reference });
    await page.reload();
    await expect(page.getByTestId('status')).toHaveText('Decided');
    await expect(page.getByTestId('outcome')).not.toContainText('Lily');
    await expect(page.getByTestId('outcome')).not.toContainText('Wayne');
    await expect(page.getByTestId('outcome')).not.toBeEmpty();

    await page.getByRole('button', { name: 'Tell us more' }).click();
    await page.getByLabel('What do you want to add?').fill('It happened again on Saturday.');
    await page.getByRole('button', { name: 'Add information' }).click();
    await expect(page.getByText('we have added this to your report')).toBeVisible();
  });
});
