import type { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import { csrfSync } from 'csrf-sync';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { createHmac, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import nunjucks from 'nunjucks';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { pgPool } from '../database/pg-pool';
import { errorPage } from './view-models/error-page';
import { ABSOLUTE_TIMEOUT_MS, COUNCIL_NAME, IDLE_TIMEOUT_MS, projectRoot, SERVICE_NAME, TIMEOUT_WARNING_MS } from './web-config';
import { isWebPath } from './web-paths';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in account: its id only; the account is re-read on every request (AccessGuard). */
    userId?: string;
    /** The account's token version at sign-in: a raised version (sign-out elsewhere, deactivation) ends the session. */
    tokenVersion?: number;
    signedInAt?: number;
    /** A flash message for the next page (post-redirect-get). */
    flash?: { title: string; text?: string; success?: boolean };
    [journey: string]: unknown;
  }
}

export const SESSION_TABLE = 'web_session';

/** Cookie settings (SPEC WEB-3): `__Host-` needs Secure, which a plain-HTTP development server cannot set. */
export function sessionCookie(nodeEnv: AppConfig['nodeEnv']): { name: string; cookie: session.CookieOptions } {
  const secure = nodeEnv === 'production';
  return {
    name: secure ? '__Host-mash-session' : 'mash-session',
    cookie: { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: IDLE_TIMEOUT_MS },
  };
}

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
});

/**
 * The web layer (SPEC §16): Nunjucks views with GOV.UK Frontend and MoJ Frontend, static assets,
 * sessions in PostgreSQL, CSRF tokens, and a Content-Security-Policy with a nonce per request.
 * Runs before the JSON API's middleware; only requests for pages get a session. It is one router
 * behind one check of the path, so a request for the JSON API passes the whole web layer in one
 * step instead of a dozen (bench:intake).
 */
export function configureWeb(app: NestExpressApplication, config: AppConfig): void {
  const root = projectRoot();
  const views = resolve(__dirname, 'views');
  const env = nunjucks.configure(
    [views, resolve(root, 'node_modules/govuk-frontend/dist'), resolve(root, 'node_modules/@ministryofjustice/frontend')],
    { autoescape: true, throwOnUndefined: false, noCache: config.nodeEnv === 'development', express: app.getHttpAdapter().getInstance() },
  );
  env.addGlobal('serviceName', SERVICE_NAME);
  env.addGlobal('councilName', COUNCIL_NAME);
  app.setBaseViewsDir(views);
  app.setViewEngine('njk');

  const web = express.Router();
  // Static files, before sessions, so a stylesheet never creates or touches a session: every
  // /assets/ path ends here (the last one answers 404 for a file it does not have).
  const staticOptions = { index: false, fallthrough: false, maxAge: config.nodeEnv === 'production' ? '1d' : 0 };
  web.use('/assets/stylesheets', express.static(resolve(root, 'build/web/stylesheets'), staticOptions));
  web.use('/assets/js/govuk-frontend.min.js', file(resolve(root, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js')));
  web.use('/assets/js/moj-frontend.min.js', file(resolve(root, 'node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js')));
  web.use('/assets/js', express.static(resolve(__dirname, 'assets/js'), staticOptions));
  web.use('/assets/moj', express.static(resolve(root, 'node_modules/@ministryofjustice/frontend/moj/assets'), staticOptions));
  web.use('/assets', express.static(resolve(root, 'node_modules/govuk-frontend/dist/govuk/assets'), staticOptions));

  web.use(webSecurityHeaders(config));
  web.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }));
  web.use(webSession(app, config));
  web.use(sessionTimeouts);
  web.use(errorRenderer);
  web.use(csrf);

  // The API, docs, health, metrics and the queue dashboard never see any of it.
  app.use((req: Request, res: Response, next: NextFunction) => (isWebPath(req.path) ? web(req, res, next) : next()));
}

function file(path: string): RequestHandler {
  return (_req, res) => res.sendFile(path, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
}

/** Helmet's defaults plus a CSP whose only inline script (the template's js-enabled class) carries this request's nonce. */
function webSecurityHeaders(config: AppConfig): RequestHandler {
  const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce}'`;
  const secure = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonce],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.nodeEnv === 'production' ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: true,
    referrerPolicy: { policy: 'no-referrer' },
  });
  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    // Pages can hold a child's details: never kept by a shared computer's browser cache.
    res.setHeader('Cache-Control', 'no-store');
    secure(req, res, next);
  };
}

function webSession(app: NestExpressApplication, config: AppConfig): RequestHandler {
  const Store = connectPgSimple(session);
  const { name, cookie } = sessionCookie(config.nodeEnv);
  return session({
    // Expired rows are deleted by the worker's sweep, not by a timer in every API process.
    store: new Store({ pool: pgPool(app.get(DataSource)), tableName: SESSION_TABLE, createTableIfMissing: false, pruneSessionInterval: false }),
    name,
    // Derived from the signing secret so that production needs no second secret to be set.
    secret: createHmac('sha256', config.jwtSecret).update('mash-web-session').digest('hex'),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie,
  });
}

/** The absolute time-out: a session signed in too long ago is signed out, however active. */
function sessionTimeouts(req: Request, res: Response, next: NextFunction): void {
  const s = req.session;
  if (s?.userId && (!s.signedInAt || Date.now() - s.signedInAt > ABSOLUTE_TIMEOUT_MS)) {
    delete s.userId;
    delete s.signedInAt;
    s.flash = { title: 'You have been signed out', text: 'For your security, you are signed out 10 hours after signing in. Sign in again to continue.' };
  }
  res.locals.signedIn = !!s?.userId;
  res.locals.timeout = { idleMs: IDLE_TIMEOUT_MS, warningMs: TIMEOUT_WARNING_MS };
  next();
}

/**
 * Errors on web pages are pages in the same design (404, 403, 429, 500); a missing or expired
 * session goes to sign-in. The API's exception filter calls this for web requests.
 */
function errorRenderer(req: Request, res: Response, next: NextFunction): void {
  res.locals.renderWebError = (status: number) => {
    if (status === 401) {
      const back = req.method === 'GET' && req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
      return res.redirect(303, `/sign-in?returnTo=${encodeURIComponent(back)}`);
    }
    const page = errorPage(status);
    res.status(page.status).render(page.view, page);
  };
  next();
}

/** Every POST from a page carries the session's CSRF token; without it the post is refused (403 page). */
function csrf(req: Request, res: Response, next: NextFunction): void {
  csrfSynchronisedProtection(req, res, (error?: unknown) => {
    if (error) return (res.locals.renderWebError as (s: number) => void)(403);
    // The start page has no form: it creates no session for a visitor who only reads it.
    if (req.path !== '/' || req.session?.userId) res.locals.csrfToken = generateToken(req);
    next();
  });
}
