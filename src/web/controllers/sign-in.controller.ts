import { Controller, Inject, Get, HttpCode, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage, PublicPage } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { AuthService } from '../../auth/auth.service';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ANY_USER, MASH_STAFF, PROFESSIONALS, Role } from '../../auth/roles';
import { LIMITS, RateLimit } from '../../common/throttling';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { text } from '../forms/form-values';
import { renderPage } from '../render';
import { signInPage } from '../view-models/sign-in';
import { sessionCookie } from '../web-setup';

/** A local path only, so a crafted link cannot send someone elsewhere after signing in. */
export function safeReturnTo(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : null;
}

@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('sign-in')
  @PublicPage()
  show(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo?: string, @Query('timedOut') timedOut?: string) {
    renderPage(req, res, 'pages/sign-in', signInPage({ email: '', returnTo: safeReturnTo(returnTo), timedOut: timedOut === '1' }));
  }

  @Post('sign-in')
  @HttpCode(200)
  @PublicPage()
  @RateLimit(LIMITS.login)
  async signIn(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const body = req.body as Record<string, unknown>;
    const email = text(body, 'email');
    const password = typeof body.password === 'string' ? body.password : '';
    const returnTo = safeReturnTo(body.returnTo);
    const missing = signInPage({ email, returnTo, missingEmail: !email, missingPassword: !password });
    if (!email || !password) return renderPage(req, res, 'pages/sign-in', missing, 400);
    let user: { id: string; role: Role; tokenVersion: number };
    try {
      // The API's login path: password, active account, auditor's expiry, back-off, lock-out and the login audit.
      user = await this.auth.signIn(actor, email, password);
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) throw error;
      return renderPage(req, res, 'pages/sign-in', signInPage({ email, returnTo, wrongCredentials: true }), 401);
    }
    // A new session id on sign-in: a session id known before signing in is worth nothing after.
    req.session.regenerate((error) => {
      if (error) return (res.locals.renderWebError as (s: number) => void)(500);
      req.session.userId = user.id;
      req.session.tokenVersion = user.tokenVersion;
      req.session.signedInAt = Date.now();
      const home = (PROFESSIONALS as string[]).includes(user.role) ? '/referrals' : (MASH_STAFF as string[]).includes(user.role) ? '/mash' : user.role === 'auditor' ? '/audit' : user.role === 'admin' ? '/administration' : '/signed-in';
      req.session.save(() => res.redirect(303, returnTo ?? home));
    });
  }

  @Get('sign-out')
  @PublicPage()
  signOut(@Req() req: Request, @Res() res: Response) {
    if (!req.session) return res.redirect(303, '/');
    req.session.destroy(() => {
      const { name, cookie } = sessionCookie(this.config.nodeEnv);
      res.clearCookie(name, { path: cookie.path, httpOnly: true, secure: cookie.secure === true, sameSite: 'lax' });
      res.redirect(303, '/signed-out');
    });
  }

  @Get('signed-out')
  @PublicPage()
  signedOut(@Req() req: Request, @Res() res: Response) {
    renderPage(req, res, 'pages/signed-out', { title: signInPage({ email: '' }).title.replace('Sign in', 'You have signed out') });
  }

  /** Any request renews the idle time-out; this is where the time-out warning's button posts. */
  @Post('session/keep-alive')
  @AllowPage(...ANY_USER)
  keepAlive(@Req() req: Request, @Res() res: Response) {
    res.redirect(303, safeReturnTo(req.get('referer')?.replace(/^https?:\/\/[^/]+/, '')) ?? '/');
  }

  /** Where accounts without pages of their own yet land (MASH staff, auditors, administrators). */
  @Get('signed-in')
  @AllowPage(...ANY_USER)
  signedIn(@Req() req: Request, @Res() res: Response) {
    renderPage(req, res, 'pages/signed-in', { title: signInPage({ email: '' }).title.replace('Sign in', 'You are signed in') });
  }
}
