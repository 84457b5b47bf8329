import { expect, test } from '@playwright/test';
import { decideThroughApi, signIn } from './helpers';

/** SPEC WEB-4, INT-2, FB-4: a school's safeguarding lead refers, sees the feedback, adds information. */
test('a referrer makes a referral, reads the outcome feedback in My referrals, and adds information', async ({ page, request }) => {
  await signIn(page, 'referrer');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My referrals');
  await page.getByRole('link', { name: 'Make a referral' }).first().click();

  await page.getByLabel('Tell us what has happened or what you are worried about').fill('Jay came to school with a burn on his arm and says his stepdad did it.');
  await page.getByLabel('What is it about?').selectOption('injury');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('First name').fill('Jay');
  await page.getByLabel('Last name').fill('Morris');
  await page.getByLabel('Day').fill('14');
  await page.getByLabel('Month').fill('2');
  await page.getByLabel('Year').fill('2017');
  await page.getByLabel('School or nursery').fill('Riverside Primary');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('No', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Yes', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Stepfather').check();
  await page.getByLabel('First name').fill('Craig');
  await page.getByRole('group', { name: 'Do they live with the child?' }).getByLabel('Yes', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('No', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your view');
  await page.getByRole('group', { name: 'Do you think this is a child protection referral?' }).getByLabel('No', { exact: true }).check();
  await page.getByLabel('What harm has happened or is likely?').fill('A burn; more injuries if nothing changes.');
  await page.getByLabel('Urgent (today)').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Not sought: asking would put the child at more risk').check();
  await page.getByLabel('Why? (reason)').fill('Stepfather may retaliate if the family is told first.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('What evidence is held?').selectOption('photo');
  await page.getByLabel('Who holds it?').fill('School DSL');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
  await page.getByRole('button', { name: 'Send' }).click();

  await expect(page.getByText(/Referral sent: MASH-\d{4}-\d{6}/)).toBeVisible();
  const contactId = page.url().split('/').pop()!;
  await decideThroughApi(request, { contactId });

  await expect.poll(async () => {
    await page.goto('/referrals');
    return page.getByTestId('my-referrals').getByRole('row').nth(1).textContent();
  }, { timeout: 30_000 }).toMatch(/Decided[\s\S]*Outcome/);
  await page.screenshot({ path: 'docs/screenshots/my-referrals.png', fullPage: true });

  await page.getByTestId('my-referrals').getByRole('link').first().click();
  await expect(page.getByTestId('feedback')).toContainText('Outcome');
  await page.getByRole('link', { name: 'Add information' }).click();
  await page.getByLabel('What do you want to add?').fill('Jay told his teacher the burn was from an iron.');
  await page.getByRole('button', { name: 'Add information' }).click();
  await expect(page.getByText('Information added').first()).toBeVisible();
  // The child already has a decision: the information opens a new referral linked to this one (DUD 5.8-5.18).
  await expect(page.getByText(/so it is a new referral, MASH-\d{4}-\d{6}, linked to this one/)).toBeVisible();
  await expect(page.getByText('Jay told his teacher the burn was from an iron.')).toBeVisible();
});
