import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { decideThroughApi, expectNoAxeViolations, signIn } from './helpers';
import { query, schoolReferral } from './partner-helpers';


// Each axe run takes seconds on a shared CI machine, and these flows run several.
test.describe.configure({ timeout: 300_000 });
/** SPEC MGT-1 (CRAG App. A): the month's sample, the audit form with the hindsight question, agreement. */
test('MGT-1: a manager samples the month, answers the audit form with the hindsight question, and the agreement rate moves', async ({ page, request }) => {
  const { contactId } = await schoolReferral(request, [{ firstName: 'Rosa', lastName: 'Quinn', dateOfBirth: '2016-07-07' }]);
  await decideThroughApi(request, { contactId });

  await signIn(page, 'manager@mash.localhost');
  await page.goto('/manager/audits');
  await expectNoAxeViolations(page, 'audits');
  await page.getByRole('button', { name: 'Draw the sample' }).click();
  await expect(page.getByText(/Sample drawn: \d+ decisions?/)).toBeVisible();
  await expect(page.getByTestId('agreement-rate')).toHaveText('No answers yet');
  await expectNoAxeViolations(page, 'audit sample');
  await page.getByTestId('sample-items').getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit a decision');
  const hindsight = page.getByRole('group', { name: 'With hindsight: should this have led to a section 47 enquiry?' });
  await expect(hindsight).toBeVisible();
  await expectNoAxeViolations(page, 'audit form');
  await page.getByRole('group', { name: 'Was the RAG grade right?' }).getByLabel('Yes').check();
  await page.getByRole('group', { name: 'Was the threshold decision right?' }).getByLabel('Yes').check();
  await page.getByRole('group', { name: "Was the child's and household's history considered?" }).getByLabel('Yes').check();
  await page.getByRole('group', { name: "Is the child's voice recorded?" }).getByLabel('Not applicable').check();
  await page.getByRole('button', { name: 'Save audit answer' }).click();
  await expect(page.getByRole('link', { name: 'Answer "With hindsight: should this have led to a section 47 enquiry?"' })).toBeVisible();
  await expectNoAxeViolations(page, 'audit form with errors');
  await hindsight.getByLabel('No').check();
  await page.getByRole('button', { name: 'Save audit answer' }).click();
  await expect(page.getByTestId('agreement-rate')).toHaveText('100%');

  // Answering again replaces the earlier answer: with hindsight, the decision was wrong.
  await page.getByTestId('sample-items').getByRole('link').first().click();
  await page.getByRole('group', { name: 'Was the threshold decision right?' }).getByLabel('No').check();
  await hindsight.getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Save audit answer' }).click();
  await expect(page.getByTestId('agreement-rate')).toHaveText('0%');
  await page.goto('/manager/audits');
  await expect(page.getByTestId('table-agreement')).toContainText('0%');
});

/** SPEC MGT-3 (Ofsted ILACS Annex A): List 1 holds one row per child on each of the month's contacts. */
test('MGT-3: an Annex A List 1 download whose rows match the month\'s contacts', async ({ page, request }) => {
  await schoolReferral(request, [{ firstName: 'Tia', lastName: 'Marsh', dateOfBirth: '2019-09-09' }, { firstName: 'Leo', lastName: 'Marsh', dateOfBirth: '2021-01-01' }]);
  await signIn(page, 'manager@mash.localhost');
  await page.goto('/manager/exports');
  await expectNoAxeViolations(page, 'exports');
  const form = page.getByTestId('export-annex-a-list-1');
  const month = await form.getByLabel('Month').inputValue();
  const downloading = page.waitForEvent('download');
  await form.getByRole('button').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('annex-a-list-1.csv');
  const lines = readFileSync((await download.path())!, 'utf8').split('\r\n').filter(Boolean);
  expect(lines[0].split(',')[0]).toBe('Child Unique ID');

  const expected = await query<{ child: string }>(
    `SELECT coalesce(s.person_id, s.id)::text AS child FROM contact c JOIN contact_subject s ON s.contact_id = c.id
      WHERE to_char(c.received_at AT TIME ZONE 'Europe/London', 'YYYY-MM') = $1`, [month],
  );
  expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(expected.map((r) => r.child).sort());
  const [audited] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'annex_a.read' AND entity_id = 'list-1'`);
  expect(audited.n).toBeGreaterThan(0);

  await page.goto('/manager/exports/board-pack.csv?month=nope');
  await expect(page.getByRole('link', { name: 'Select a month from the list' })).toBeVisible();
  await expectNoAxeViolations(page, 'exports with errors');
});

/** SPEC MGT-2, WEB-2: every chart on the dashboard is drawn from a table that is on the page. */
test('MGT-2: the dashboard\'s charts have their tables, and its tiles link to the filtered queue', async ({ page }) => {
  await signIn(page, 'manager@mash.localhost');
  await page.goto('/manager/dashboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard');
  const charts = page.locator('svg[role="img"]');
  // Every chart with data (the period's charts are left out when the period has none).
  expect(await charts.count()).toBeGreaterThanOrEqual(2);
  for (const chart of await charts.all()) {
    const tableId = await chart.getAttribute('aria-describedby');
    const table = page.locator(`table#${tableId}`);
    await expect(table).toHaveCount(1);
    await expect(table.locator('thead th').first()).toBeVisible();
    await expect(chart.locator('title')).toContainText('The figures are in the table that follows.');
  }
  await expect(page.getByTestId('tile-red').getByRole('link')).toHaveAttribute('href', '/mash?grade=RED');
  await expectNoAxeViolations(page, 'dashboard');
  await page.screenshot({ path: 'docs/screenshots/manager-dashboard.png', fullPage: true });
  await page.goto('/manager/dashboard?weeks=5');
  await expect(page.getByRole('link', { name: 'Select a period from the list' })).toBeVisible();
  await expectNoAxeViolations(page, 'dashboard with errors');
});
