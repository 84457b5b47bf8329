import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { LIMITS, RateLimit } from '../common/throttling';
import { Allow, PublicRoute } from './access.decorator';
import { Actor } from './actor';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { PasswordResetRequestDto, SetPasswordDto, TokenRequestDto, TokenResponseDto, TokenUserDto } from './dto/token.dto';
import { ANY_USER } from './roles';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/token')
  @HttpCode(200)
  @PublicRoute()
  @RateLimit(LIMITS.login)
  @ApiTooManyRequestsResponse({ description: 'Too many logins from this client address (all replicas count together)' })
  @ApiOperation({ summary: 'Exchange e-mail and password for a short-lived access token. Repeated failures back off and then lock the account' })
  token(@CurrentActor() actor: Actor, @Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    return this.auth.issueToken(actor, body.email, body.password);
  }

  @Post('auth/sign-out')
  @HttpCode(204)
  @Allow(...ANY_USER)
  @ApiNoContentResponse({ description: 'Every access token of the caller is ended, this one included' })
  @ApiOperation({ summary: 'Sign out: ends all your access tokens before they expire' })
  async signOut(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.signOut(actor);
  }

  @Post('auth/password')
  @HttpCode(204)
  @PublicRoute()
  @RateLimit(LIMITS.login)
  @ApiOperation({ summary: 'Choose a password with the single-use link e-mailed for a new account or a reset; 404 when the link is not valid' })
  async setPassword(@CurrentActor() actor: Actor, @Body() body: SetPasswordDto): Promise<void> {
    await this.auth.setPassword(actor, body.token, body.password);
  }

  @Post('auth/password-reset')
  @HttpCode(202)
  @PublicRoute()
  @RateLimit(LIMITS.login)
  @ApiOperation({ summary: 'Ask for a password reset link; the same answer whether or not the address has an account' })
  async requestReset(@CurrentActor() actor: Actor, @Body() body: PasswordResetRequestDto): Promise<{ message: string }> {
    await this.auth.requestPasswordReset(actor, body.email);
    return { message: 'If this address has an account, a link to choose a new password has been sent to it' };
  }

  @Get('me')
  @Allow(...ANY_USER)
  @ApiOperation({ summary: 'The caller' })
  me(@CurrentActor() actor: Actor): Promise<TokenUserDto> {
    return this.auth.me(actor);
  }
}
