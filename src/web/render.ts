import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { MASH_STAFF, PROFESSIONALS, Role } from '../auth/roles';

export interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

/** The service navigation for who is looking: professionals get their pages; everyone signed in can sign out. */
export function navigationFor(role: Actor['role'] | null, signedIn: boolean, path: string): NavItem[] {
  const items: NavItem[] = [];
  if (role && (PROFESSIONALS as string[]).includes(role as Role)) {
    items.push({ href: '/referrals/new', text: 'Make a referral' }, { href: '/referrals', text: 'My referrals' });
  }
  if (role && (MASH_STAFF as string[]).includes(role as Role)) {
    items.push({ href: '/mash', text: 'Triage queue' }, { href: '/mash/find-a-child', text: 'Find a child' }, { href: '/mash/contacts/new', text: 'Record a contact' });
  }
  // A manager's own queues (SPEC DEC-4, MGT-2, ESC-1, STR-1); the auditor reads the override register.
  if (role === 'mash_manager') {
    items.push({ href: '/mash/manager/approvals', text: 'Approvals' }, { href: '/mash/manager/overrides', text: 'Override register' }, { href: '/mash/manager/challenges', text: 'Challenges' }, { href: '/mash/manager/strategy-requests', text: 'Strategy requests' });
  }
  if (role === 'auditor') items.push({ href: '/mash/manager/overrides', text: 'Override register' });
  if (role === 'police') items.push({ href: '/police', text: 'Police' });
  if (role === 'partner') items.push({ href: '/agency', text: 'Your agency' });
  if (role === 'mash_manager' || role === 'auditor') items.push({ href: '/manager/dashboard', text: 'Dashboard' }, { href: '/manager/audits', text: 'Audits' }, { href: '/manager/exports', text: 'Exports' });
  if (role === 'mash_manager' || role === 'auditor') items.push({ href: '/audit', text: 'Audit' });
  if (role === 'admin') items.push({ href: '/administration', text: 'Administration' });
  if (signedIn) items.push({ href: '/sign-out', text: 'Sign out' });
  else items.push({ href: '/check', text: 'Check a report' }, { href: '/sign-in', text: 'Sign in' });
  return items.map((i) => ({ ...i, active: path === i.href }));
}

/** Renders a page with the navigation and any flash message (shown once, post-redirect-get). */
export function renderPage(req: Request & { actor?: Actor }, res: Response, view: string, model: object, status = 200): void {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  const role = req.actor && req.actor.role !== 'public' ? req.actor.role : null;
  // An auditor's pages hold no form at all, the time-out warning's included (SPEC SEC-4: read-only).
  const readOnly = role === 'auditor';
  res.status(status).render(view, { navigation: navigationFor(role, !!res.locals.signedIn, req.path), flash, readOnly, currentPath: req.originalUrl, ...model });
}
