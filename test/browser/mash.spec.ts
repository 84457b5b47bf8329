import { expect, Page, test } from '@playwright/test';
import { DEMO_USERS } from '../../src/seed/demo-data';
import { expectNoAxeViolations, signIn } from './helpers';

/**
 * The MASH worker's pages in Chromium (SPEC WEB-2, WEB-4, WEB-5), on the demo caseload that
 * `npm run dev` seeds. Case reviews replayed through the pages, titled with their source.
 */
async function workerToken(page: Page): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === 'mash_worker')!;
  const res = await page.request.post('/api/v1/auth/token', { data: { email: user.email, password: user.password } });
  return (await res.json()).accessToken;
}

async function jayden(page: Page) {
  const res = await page.request.post('/api/v1/people/search', { headers: { Authorization: `Bearer ${await workerToken(page)}` }, data: { name: 'Jayden Price' } });
  const found = (await res.json()).items.find((p: { firstName: string; lastName: string }) => p.firstName === 'Jayden' && p.lastName === 'Price');
  expect(found, 'the demo caseload has Jayden Price on a CP plan').toBeTruthy();
  return found as { personId: string; dateOfBirth: string; postcode: string };
}

test.describe('MASH worker with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('Q: a neighbour’s public contact about a child on a CP plan is found in the queue by its CP-plan flag, graded RED by the worker and the child’s record read', async ({ page }) => {
    test.setTimeout(240_000);
    const child = await jayden(page);
    const [year, month, day] = child.dateOfBirth.split('-');
    await page.goto('/');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByLabel('Tell us what has happened or what you are worried about').fill('Jayden next door has fresh bruises on his face and arms and cried when his mum shouted.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('First name').fill('Jayden');
    await page.getByLabel('Last name').fill('Price');
    const dob = page.getByRole('group', { name: 'Date of birth' });
    await dob.getByLabel('Day').fill(String(Number(day)));
    await dob.getByLabel('Month').fill(String(Number(month)));
    await dob.getByLabel('Year').fill(year);
    await page.getByLabel('Postcode').fill(child.postcode);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('group', { name: 'Do you need to add another child?' }).getByLabel('No').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('No').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Yes').check();
    await page.getByLabel('Your name').fill('Pam Neighbour');
    await page.getByLabel('I am a neighbour or friend').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    const reference = (await page.getByTestId('reference').textContent())!.trim();

    await page.goto('/sign-in');
    await signIn(page, 'mash_worker');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Triage queue');
    // The worker process grades it within seconds; the queue is read again until it shows.
    await expect.poll(async () => {
      await page.goto('/mash?flag=cp-plan');
      return page.getByTestId('queue-row').filter({ hasText: reference }).count();
    }, { timeout: 30_000 }).toBe(1);
    await page.goto('/mash');
    await page.screenshot({ path: 'docs/screenshots/mash-triage-queue.png', fullPage: true });
    await page.goto('/mash?flag=cp-plan');
    const row = page.getByTestId('queue-row').filter({ hasText: reference });
    await expect(row.getByTestId('flags')).toContainText('Child on a CP plan');
    await expect(row.getByTestId('deadline')).toContainText(/^due in/);
    await row.getByRole('link', { name: reference }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Contact ${reference}`);
    await expect(page.getByTestId('children')).toContainText('On a child protection plan now');
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect(page.getByTestId('holder')).toHaveText('You');
    await page.screenshot({ path: 'docs/screenshots/mash-contact.png', fullPage: true });
    await page.getByRole('link', { name: 'Confirm the grade for Jayden Price' }).click();
    await page.getByLabel('Red: Reasonable cause to suspect the child is suffering significant harm').check();
    await page.getByLabel('Why').fill('New injuries to a child on a CP plan for physical abuse: strategy discussion today.');
    await page.getByRole('button', { name: 'Confirm grade' }).click();
    await expect(page.getByText('Red confirmed for Jayden Price')).toBeVisible();
    await expect(page.getByTestId('identity-grade')).toHaveText('Red');
    await expect(page.getByTestId('identity-decision-due')).toContainText(/due in (3|4) hours/);

    await page.getByRole('link', { name: 'Read the history of Jayden Price' }).click();
    await expect(page.getByTestId('identity-bar')).toContainText('On a CP plan');
    await expect(page.getByTestId('overview')).toContainText('On a child protection plan now');
    await page.screenshot({ path: 'docs/screenshots/mash-child-record.png', fullPage: true });
    await page.getByRole('link', { name: 'Chronology' }).click();
    await expect(page.getByTestId('timeline')).toContainText(reference);
    await page.getByRole('link', { name: 'History' }).click();
    await expect(page.getByTestId('history')).toContainText(reference);
  });

  test('INT-1, PPL-1: a hospital enquiry is recorded on the page; find a child finds it by name, accents ignored', async ({ page }) => {
    await signIn(page, 'mash_worker');
    await page.getByRole('link', { name: 'Record a contact' }).click();
    await page.getByLabel('Hospital enquiry').check();
    await page.getByLabel('Caller’s name').fill('Sister Ann Reyes');
    await page.getByLabel('First name').fill('Zoë');
    await page.getByLabel('Last name').fill('Brontë');
    await page.getByLabel('What the caller said').fill('A&E asks whether Zoë is known; she came in with a head injury.');
    await page.getByRole('button', { name: 'Record contact' }).click();
    await expect(page.getByText(/Contact recorded: MASH-/)).toBeVisible();
    await expect.poll(async () => {
      await page.goto('/mash/find-a-child');
      await page.getByLabel('Name').fill('Zoe Bronte');
      await page.getByRole('button', { name: 'Search' }).click();
      return page.getByTestId('search-results').filter({ hasText: 'Zoë Brontë' }).count();
    }, { timeout: 30_000 }).toBe(1);
    expect(page.url()).not.toContain('Zoe');
  });
});

test('WEB-2: keyboard only, from the queue to a contact, taking it and opening its grade', async ({ page }) => {
  await signIn(page, 'mash_worker');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Triage queue');
  const focusedText = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');
  const tabTo = async (match: RegExp, max = 80) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (match.test(await focusedText())) return;
    }
    throw new Error(`never reached ${match}`);
  };
  await tabTo(/^MASH-\d{4}-\d{6}$/);
  const reference = await focusedText();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Contact ${reference}`);
  if (await page.getByRole('button', { name: 'Assign to me' }).count()) {
    await tabTo(/^Assign to me$/);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('holder')).toHaveText('You');
  }
  await tabTo(/^Confirm the grade for /);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Confirm the grade for');
});

test('WEB-2: axe finds no WCAG 2.2 AA violations on the MASH pages, error states included', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, 'mash_worker');
  await expectNoAxeViolations(page, 'triage queue');
  await page.goto('/mash?grade=PURPLE');
  await expectNoAxeViolations(page, 'triage queue with errors');
  await page.goto('/mash?view=approval');
  await expectNoAxeViolations(page, 'awaiting approval');
  await page.goto('/mash');
  await page.getByTestId('queue-row').first().getByRole('link').first().click();
  await expectNoAxeViolations(page, 'contact');
  const contactUrl = page.url();
  await page.getByRole('link', { name: /^Confirm the grade for/ }).first().click();
  await expectNoAxeViolations(page, 'grade');
  await page.getByRole('button', { name: 'Confirm grade' }).click();
  await expectNoAxeViolations(page, 'grade with errors');
  await page.locator('input[name="criterion"]').last().check();
  await page.getByLabel('Why').fill('Checking the interruption card for accessibility.');
  await page.getByRole('button', { name: 'Confirm grade' }).click();
  await expectNoAxeViolations(page, 'interruption card or confirmation');
  await page.goto(`${contactUrl}/matches`);
  await expectNoAxeViolations(page, 'matches');
  await page.goto(`${contactUrl}/feedback`);
  await expectNoAxeViolations(page, 'feedback');
  const child = await jayden(page);
  for (const tab of ['', '/history', '/household', '/chronology', '/decisions', '/strategy', '/status', '/chronology/print']) {
    await page.goto(`/mash/children/${child.personId}${tab}`);
    await expectNoAxeViolations(page, `child record ${tab || 'overview'}`);
  }
  await page.goto('/mash/contacts/new');
  await expectNoAxeViolations(page, 'record a contact');
  await page.getByRole('button', { name: 'Record contact' }).click();
  await expectNoAxeViolations(page, 'record a contact with errors');
  await page.goto('/mash/find-a-child');
  await page.getByRole('button', { name: 'Search' }).click();
  await expectNoAxeViolations(page, 'find a child with errors');
  await page.getByLabel('Name').fill('Novak');
  await page.getByRole('button', { name: 'Search' }).click();
  await expectNoAxeViolations(page, 'find a child results');
});
