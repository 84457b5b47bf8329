import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { Response } from 'supertest';
import { DEMO_USERS } from '../../src/seed/demo-data';
import type { TestApi } from './test-app';

const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** A page's (or a fragment's) text as a person reads it: tags gone, entities decoded, spaces collapsed. */
export const pageText = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();

/** The page's h1 as a person reads it (legends and labels that are the page heading included). */
export function heading(html: string): string {
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return h1 ? pageText(h1[1]) : '';
}

export function title(html: string): string {
  return pageText(/<title[^>]*>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
}

/** The GOV.UK error summary's messages and where each links. */
export function errorSummary(html: string): { text: string; href: string }[] {
  const box = /<div class="govuk-error-summary"[\s\S]*?<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html);
  if (!box) return [];
  return [...box[1].matchAll(/<a href="([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1], text: pageText(m[2]) }));
}

/** A browser-like client of the web pages: keeps the session cookie, and posts forms with the page's CSRF token. */
export class WebClient {
  readonly agent: TestAgent;
  private csrfToken = '';

  constructor(api: TestApi) {
    this.agent = request.agent(api.app.getHttpServer());
  }

  async get(path: string): Promise<Response> {
    const res = await this.agent.get(path);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '')?.[1];
    if (token) this.csrfToken = token;
    return res;
  }

  /** Posts a form as a browser would; `csrf: false` leaves the token out. */
  async post(path: string, form: Record<string, string>, { csrf = true } = {}): Promise<Response> {
    if (csrf && !this.csrfToken) await this.get(path.split('?')[0]);
    const res = await this.agent.post(path).type('form').send(csrf ? { ...form, _csrf: this.csrfToken } : form);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '')?.[1];
    if (token) this.csrfToken = token;
    return res;
  }

  async signIn(who: string): Promise<Response> {
    const user = DEMO_USERS.find((u) => u.email === who || u.role === who);
    if (!user) throw new Error(`no demo user ${who}`);
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email: user.email, password: user.password });
    if (res.status !== 303) throw new Error(`sign-in failed for ${who}: ${res.status}`);
    return res;
  }
}
