import { Global, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccessGuard } from './access.guard';
import { AccountCache } from './account-cache';
import { AccountLinksService } from './account-links.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccountsRepository } from './persistence/accounts.repository';
import { Agency } from './persistence/agency.entity';
import { AppUser } from './persistence/app-user.entity';
import { TokenAuthenticator } from './token-authenticator';

/** Signing and checking access tokens: HS256, with issuer and audience written and required. */
export const jwtModule = JwtModule.registerAsync({
  inject: [APP_CONFIG],
  // A KeyObject: jsonwebtoken otherwise tries (and fails) to parse the string as a public key on every verify.
  useFactory: (config: AppConfig) => ({
    secret: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
    signOptions: { algorithm: 'HS256', issuer: config.jwtIssuer, audience: config.jwtAudience },
    verifyOptions: { algorithms: ['HS256'], issuer: config.jwtIssuer, audience: config.jwtAudience },
  }),
});

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AppUser, Agency]), jwtModule],
  controllers: [AuthController],
  providers: [AuthService, AccountsRepository, AccountLinksService, AccountCache, TokenAuthenticator, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [JwtModule, TypeOrmModule, AuthService, AccountsRepository, AccountLinksService, AccountCache, TokenAuthenticator],
})
export class AuthModule {}
