import { expect, Page, test } from '@playwright/test';

/** Moves focus with Tab only until `label` has it (a keyboard user's way through the page); never clicks. */
/** Presses a key that submits or follows a link, and waits for the next page's heading. */
async function pressAndWait(page: Page, key: string, nextHeading: string | RegExp): Promise<void> {
  await page.keyboard.press(key);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(nextHeading);
}

async function tabTo(page: Page, matches: (el: { tag: string; text: string; label: string; id: string }) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      const id = a?.id ?? '';
      const label = id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? '') : '';
      return { tag: a?.tagName ?? '', text: (a?.textContent ?? '').trim(), label: label.trim(), id };
    });
    if (matches(el)) return;
  }
  throw new Error(`could not reach ${what} with the Tab key`);
}

/** SPEC WEB-2: the public referral with the keyboard alone (JavaScript on, so the components are live). */
test('keyboard only: the public referral from the start page to the confirmation', async ({ page }) => {
  await page.goto('/');
  await tabTo(page, (e) => e.text === 'Start now', 'Start now');
  await pressAndWait(page, 'Enter', 'What has happened?');
  await tabTo(page, (e) => e.id === 'description', 'what happened');
  await page.keyboard.type('The baby next door is left alone for hours.');
  await tabTo(page, (e) => e.text === 'Continue', 'Continue');
  await pressAndWait(page, 'Enter', 'About the child');
  await tabTo(page, (e) => e.id === 'description', 'child description');
  await page.keyboard.type('A baby, under one');
  await tabTo(page, (e) => e.text === 'Continue', 'Continue');
  await pressAndWait(page, 'Enter', 'Children you have told us about');
  // A radio group is one Tab stop; the arrow keys choose within it.
  await tabTo(page, (e) => e.label === 'Yes', 'the Yes/No radios');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, (e) => e.text === 'Continue', 'Continue');
  await pressAndWait(page, 'Enter', 'Adults in the child’s life');
  // A radio group is one Tab stop; the arrow keys choose within it.
  await tabTo(page, (e) => e.label === 'Yes', 'the Yes/No radios');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, (e) => e.text === 'Continue', 'Continue');
  await pressAndWait(page, 'Enter', 'About you');
  await tabTo(page, (e) => e.label === 'Yes', 'the Yes/No radios');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('No, I want to stay anonymous')).toBeChecked();
  await tabTo(page, (e) => e.text === 'Continue', 'Continue');
  await pressAndWait(page, 'Enter', 'Check your answers before sending');
  await tabTo(page, (e) => e.text === 'Send', 'Send');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Report sent' })).toBeVisible();
});

/** WCAG 1.4.10: at 320 CSS pixels wide nothing scrolls sideways. */
test('pages reflow at 320 px without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/', '/report/what-happened', '/report/child', '/check', '/sign-in', '/does-not-exist']) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect({ path, width }).toEqual({ path, width: 320 });
  }
  // An error state with long words (a reference, a code) wraps too.
  await page.goto('/check');
  await page.getByLabel('Reference').fill('MASH-2026-999999');
  await page.getByLabel('Tracking code').fill('x'.repeat(80));
  await page.getByRole('button', { name: 'Check report' }).click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
});
