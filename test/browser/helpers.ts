import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, expect, Page } from '@playwright/test';
import { DEMO_USERS } from '../../src/seed/demo-data';

/** WCAG 2.2 AA, as axe tags it. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect({ page: what, violations: found }).toEqual({ page: what, violations: [] });
}

export async function signIn(page: Page, role: string): Promise<void> {
  const user = DEMO_USERS.find((u) => u.role === role || u.email === role)!;
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function token(request: APIRequestContext, role: string): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === role)!;
  const res = await request.post('/api/v1/auth/token', { data: { email: user.email, password: user.password } });
  expect(res.status()).toBe(200);
  return (await res.json()).accessToken;
}

/**
 * A MASH worker decides a contact through the JSON API, as the worker's own pages (part 2) will:
 * waits for the worker process's provisional grade, confirms it GREEN, and records a CIN assessment
 * for each child.
 */
export async function decideThroughApi(request: APIRequestContext, by: { reference?: string; contactId?: string }, extra: Record<string, unknown> = {}): Promise<string[]> {
  const headers = { Authorization: `Bearer ${await token(request, 'mash_worker')}` };
  let contactId = by.contactId;
  if (!contactId) {
    await expect.poll(async () => {
      const queue = await request.get('/api/v1/triage/queue?limit=200', { headers });
      const body = await queue.json();
      contactId = (body.items ?? []).find((i: { reference: string; id: string }) => i.reference === by.reference)?.id;
      return contactId;
    }, { timeout: 30_000 }).toBeTruthy();
  }
  let subjects: { subjectId: string; provisionalGrade?: string }[] = [];
  await expect.poll(async () => {
    const res = await request.get(`/api/v1/contacts/${contactId}/triage`, { headers });
    if (res.status() !== 200) return false;
    const body = await res.json();
    subjects = body.subjects ?? [];
    return subjects.length > 0 && subjects.every((s) => s.provisionalGrade);
  }, { timeout: 30_000 }).toBe(true);
  const decisions: string[] = [];
  for (const s of subjects) {
    const grade = await request.post(`/api/v1/contacts/${contactId}/subjects/${s.subjectId}/grade`, { headers, data: { grade: 'GREEN', criterion: 'GREEN.universal-services', rationale: 'Read the history.' } });
    expect([200, 202]).toContain(grade.status());
    const decision = await request.post(`/api/v1/contacts/${contactId}/subjects/${s.subjectId}/decision`, { headers, data: { outcome: 'cin_assessment', thresholdLevel: 3, historyReviewed: true, rationale: 'An assessment is needed.', ...extra } });
    expect(decision.status(), await decision.text()).toBe(201);
    decisions.push((await decision.json()).id);
  }
  return decisions;
}
