import { Controller, Get, HttpCode, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PublicPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { AuthService } from '../../auth/auth.service';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { SetPasswordDto } from '../../auth/dto/token.dto';
import { LIMITS, RateLimit } from '../../common/throttling';
import { FormBody } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { passwordPage } from './account-password-page';

/**
 * Where the e-mailed single-use link lands (SPEC SEC-1): a person at a browser chooses a password
 * for a new account or after a reset. The API's own use case (AuthService.setPassword): same
 * rules, same single use, same audit event. The token stays out of logs (only paths are logged)
 * and out of other sites' view (Referrer-Policy: no-referrer); the form posts it back, never in a URL.
 */
@ApiExcludeController()
@Controller('account')
export class AccountPasswordController {
  constructor(private readonly auth: AuthService) {}

  @Get('password')
  @PublicPage()
  form(@Req() req: Request, @Res() res: Response, @Query('token') token?: string) {
    renderPage(req, res, 'account/password', passwordPage(typeof token === 'string' ? token : ''));
  }

  @Post('password')
  @HttpCode(200)
  @PublicPage()
  @RateLimit(LIMITS.login)
  async choose(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const body = req.body as FormBody;
    const token = typeof body.token === 'string' ? body.token : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
    const { value, details } = validateBody(SetPasswordDto, { token, password });
    const problems = details.filter((d) => d.field !== 'token');
    if (!password) problems.unshift({ field: 'password', rule: 'isNotEmpty', message: 'Enter a password' });
    if (password && confirm !== password) problems.push({ field: 'confirmPassword', rule: 'matches', message: 'The passwords do not match' });
    if (details.some((d) => d.field === 'token')) return renderPage(req, res, 'account/password', passwordPage('', [], true), 404);
    if (problems.length) return renderPage(req, res, 'account/password', passwordPage(token, problems), 400);
    try {
      await this.auth.setPassword(actor, value.token, value.password);
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
      return renderPage(req, res, 'account/password', passwordPage('', [], true), 404);
    }
    req.session.flash = { title: 'Your password is set', text: 'Sign in with your e-mail address and your new password.', success: true };
    req.session.save(() => res.redirect(303, '/sign-in'));
  }
}
