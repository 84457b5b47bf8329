import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';

/** Uses the account services AuthModule (global) exports. */
@Module({ controllers: [AdminController], providers: [AdminService] })
export class AdminModule {}
