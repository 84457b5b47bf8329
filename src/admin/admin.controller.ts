import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorator';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AdminService } from './admin.service';
import { CreateAgencyDto, CreateUserDto } from './dto/admin.dto';

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

  @Post('users')
  @Allow('admin')
  @ApiOperation({ summary: 'Create a user in an agency' })
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.admin.createUser(actor, dto);
  }
}
