import { Body, Controller, Get, HttpCode, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Repository } from 'typeorm';
import { Allow, PublicRoute } from './access.decorator';
import { Actor } from './actor';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { TokenRequestDto, TokenResponseDto, TokenUserDto } from './dto/token.dto';
import { AppUser } from './persistence/app-user.entity';
import { ANY_USER } from './roles';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectRepository(AppUser) private readonly users: Repository<AppUser>,
  ) {}

  @Post('auth/token')
  @HttpCode(200)
  @PublicRoute()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Exchange e-mail and password for a short-lived access token' })
  token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    return this.auth.issueToken(body.email, body.password);
  }

  @Get('me')
  @Allow(...ANY_USER)
  @ApiOperation({ summary: 'The caller' })
  async me(@CurrentActor() actor: Actor): Promise<TokenUserDto> {
    const user = await this.users.findOneBy({ id: actor.userId! });
    if (!user) throw new NotFoundException('User not found');
    return { id: user.id, role: user.role, agencyId: user.agencyId, name: user.name, email: user.email };
  }
}
