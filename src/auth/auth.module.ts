import { Global, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { Agency } from './persistence/agency.entity';
import { AppUser } from './persistence/app-user.entity';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([AppUser, Agency]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject: jsonwebtoken otherwise tries (and fails) to parse the string as a public key on every verify.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [JwtModule, TypeOrmModule],
})
export class AuthModule {}
