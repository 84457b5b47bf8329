import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/actor';
import { RuleViolationException } from '../../common/errors';
import type { RuleBreak } from '../../common/rule-break';
import type { FormBody } from '../forms/form-values';
import { renderPage } from '../render';
import { emptyDraft, ReferralDraft } from './draft';
import { basePath, nextPage, pagesOf, questionPage, readPage, ReferralPage } from './referral-pages';
import type { ReferralKind, ReferralRules } from './referral-rules';

type WebRequest = Request & { actor?: Actor };

const draftKey = (kind: ReferralKind) => (kind === 'public' ? 'publicReferral' : 'professionalReferral');

export function loadDraft(req: Request, kind: ReferralKind): ReferralDraft & { key?: string } {
  const existing = req.session[draftKey(kind)] as (ReferralDraft & { key?: string }) | undefined;
  if (existing) return existing;
  const draft = { ...emptyDraft(), key: randomUUID() };
  req.session[draftKey(kind)] = draft;
  return draft;
}

export function clearDraft(req: Request, kind: ReferralKind): void {
  delete req.session[draftKey(kind)];
}

const indexOf = (req: Request): number | null => (typeof req.query.n === 'string' && /^\d{1,2}$/.test(req.query.n) ? Number(req.query.n) : null);

function known(kind: ReferralKind, page: string): page is ReferralPage {
  return (pagesOf(kind) as readonly string[]).includes(page);
}

/** GET of a question page (404 for a page this journey does not have). */
export function showPage(kind: ReferralKind, page: string, req: WebRequest, res: Response): void {
  if (!known(kind, page)) return (res.locals.renderWebError as (s: number) => void)(404);
  const draft = loadDraft(req, kind);
  if ((page === 'children' && draft.children.length === 0) || (page === 'check-answers' && (!draft.concern || draft.children.length === 0))) {
    return res.redirect(303, `${basePath(kind)}/${draft.concern ? 'child' : 'what-happened'}`);
  }
  renderPage(req, res, `pages/referral/${page}`, questionPage(kind, page, draft, indexOf(req)));
}

/** POST of a question page: valid answers go to the next page (post-redirect-get); errors re-render it (400). */
export function postPage(kind: ReferralKind, page: string, req: WebRequest, res: Response, rules: ReferralRules): void {
  if (!known(kind, page) || page === 'check-answers') return (res.locals.renderWebError as (s: number) => void)(404);
  const draft = loadDraft(req, kind);
  const body = req.body as FormBody;
  const index = indexOf(req);
  const { errors, prefix, posted } = readPage(kind, page, body, draft, index, (b) => rules.check(kind, kind === 'professional' ? { channel: 'professional', ...b } : b));
  const answer = typeof body.addAnother === 'string' ? body.addAnother : undefined;
  if ((page === 'children' || page === 'adults') && answer !== 'yes' && answer !== 'no') {
    const missing: RuleBreak = { field: 'addAnother', rule: 'isIn', message: page === 'children' ? 'Select yes if you need to add another child' : 'Select yes if you want to tell us about an adult' };
    const model = questionPage(kind, page, draft, index);
    return renderPage(req, res, `pages/referral/${page}`, { ...model, title: `Error: ${model.title}`, errorSummary: [{ text: missing.message, href: '#addAnother' }], errors: { addAnother: { text: missing.message } } }, 400);
  }
  if (errors.length) return renderPage(req, res, `pages/referral/${page}`, questionPage(kind, page, draft, index, errors, prefix, posted), 400);
  const next = page === 'child' || page === 'adult' || index === null ? nextPage(kind, page, answer) : 'check-answers';
  req.session.save(() => res.redirect(303, `${basePath(kind)}/${next}`));
}

/**
 * Check your answers, then send: the whole referral is checked again with the API's rules, and a
 * rule the use case applies (422) comes back as the same error summary, each linked to its page.
 */
export async function submitDraft<T>(kind: ReferralKind, req: WebRequest, res: Response, rules: ReferralRules, body: object, send: (key: string | undefined) => Promise<T>): Promise<T | null> {
  const draft = loadDraft(req, kind);
  let errors = rules.check(kind, body);
  if (!errors.length) {
    try {
      return await send(draft.key);
    } catch (error) {
      if (!(error instanceof RuleViolationException)) throw error;
      errors = error.details;
    }
  }
  const model = questionPage(kind, 'check-answers', draft, null);
  const summary = errors.map((e) => ({ text: `${e.message}`, href: changeLinkFor(kind, e.field) }));
  renderPage(req, res, 'pages/referral/check-answers', { ...model, title: `Error: ${model.title}`, errorSummary: summary }, 422);
  return null;
}

/** The page on which a field of the body is answered, for the error summary on check-your-answers. */
export function changeLinkFor(kind: ReferralKind, field: string): string {
  const base = basePath(kind);
  const n = /^\w+\[(\d+)\]/.exec(field)?.[1];
  if (field.startsWith('subjects')) return `${base}/child${n ? `?n=${n}` : ''}`;
  if (field.startsWith('household')) return `${base}/adult${n ? `?n=${n}` : ''}`;
  if (field.startsWith('concerns')) return `${base}/what-happened`;
  if (field.startsWith('referrerView')) return `${base}/your-view`;
  if (field.startsWith('consent')) return `${base}/consent`;
  if (field.startsWith('evidence')) return `${base}/evidence`;
  if (field.startsWith('referrer') || field === 'anonymous') return `${base}/about-you`;
  return `${base}/check-answers`;
}
