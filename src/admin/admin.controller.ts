import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorator';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { PageQueryDto } from '../common/pagination';
import { uuidParam } from '../common/uuid';
import { AdminService } from './admin.service';
import { ChangeRoleDto, CreateAgencyDto, CreateUserDto } from './dto/admin.dto';

/** Administration (administrators only): agencies, accounts and the approval of case-reading roles. */
@ApiTags('administration')
@Controller('api/v1/admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('agencies')
  @Allow('admin')
  @ApiOperation({ summary: 'Create an agency' })
  createAgency(@CurrentActor() actor: Actor, @Body() dto: CreateAgencyDto) {
    return this.admin.createAgency(actor, dto);
  }

  @Get('agencies')
  @Allow('admin')
  @ApiOperation({ summary: 'Every agency, with how many accounts it holds' })
  listAgencies() {
    return this.admin.listAgencies();
  }

  @Post('users')
  @Allow('admin')
  @ApiOperation({
    summary:
      'Create an account (no password: the user is e-mailed a single-use link once a second administrator approves its role; status pending_approval until then)',
  })
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.admin.createUser(actor, dto);
  }

  @Get('users')
  @Allow('admin')
  @ApiOperation({ summary: 'List accounts with their status (active, invited, pending_approval, deactivated, locked)' })
  listUsers(@Query() page: PageQueryDto) {
    return this.admin.list(page.cursor, page.limit);
  }

  @Get('users/:id')
  @Allow('admin')
  @ApiOperation({ summary: 'One account' })
  getUser(@Param('id', uuidParam()) id: string) {
    return this.admin.get(id);
  }

  @Post('users/:id/deactivate')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'End an account’s access at once (its tokens included)' })
  deactivate(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.admin.deactivate(actor, id);
  }

  @Post('users/:id/reactivate')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'Give a deactivated account its access back' })
  reactivate(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.admin.reactivate(actor, id);
  }

  @Post('users/:id/unlock')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'Release an account locked after repeated failed logins' })
  unlock(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.admin.unlock(actor, id);
  }

  @Post('users/:id/password-reset')
  @HttpCode(202)
  @Allow('admin')
  @ApiOperation({ summary: 'E-mail the user a single-use link to choose a new password (the administrator never sees it)' })
  passwordReset(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.admin.sendPasswordReset(actor, id);
  }

  @Post('users/:id/role')
  @Allow('admin')
  @ApiAcceptedResponse({ description: 'Requested, waiting for a second administrator' })
  @ApiOperation({ summary: 'Change an account’s role: 202 waiting for a second administrator (every role, the administrator role included); 200 only if a role ever applies at once' })
  async changeRole(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ChangeRoleDto, @Res({ passthrough: true }) res: Response) {
    const { applied, account } = await this.admin.changeRole(actor, id, dto);
    res.status(applied ? 200 : 202);
    return account;
  }

  @Get('role-grants')
  @Allow('admin')
  @ApiOperation({ summary: 'Roles waiting for a second administrator' })
  listGrants() {
    return this.admin.listPendingGrants();
  }

  @Post('role-grants/:id/approve')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'Approve a role: only an administrator who neither asked for it nor holds the account' })
  approve(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.admin.approveGrant(actor, id);
  }

  @Post('role-grants/:id/reject')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'Refuse a role' })
  reject(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.admin.rejectGrant(actor, id);
  }
}
