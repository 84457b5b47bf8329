import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TokenClaims } from './access.guard';
import { TokenResponseDto } from './dto/token.dto';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { AppUser } from './persistence/app-user.entity';

const GENERIC_FAILURE = 'Invalid e-mail or password';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(AppUser) private readonly users: Repository<AppUser>,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async issueToken(email: string, password: string): Promise<TokenResponseDto> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    const expired = user?.accessExpiresAt ? user.accessExpiresAt <= this.now() : false;
    if (!user || !valid || !user.active || expired) throw new UnauthorizedException(GENERIC_FAILURE);
    const claims: TokenClaims = { sub: user.id, role: user.role, agencyId: user.agencyId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtTtlSeconds });
    return {
      accessToken,
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, role: user.role, agencyId: user.agencyId, name: user.name, email: user.email },
    };
  }
}
