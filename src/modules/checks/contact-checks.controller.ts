import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import { ChecksQueryService } from './checks-query.service';
import { ChecksService } from './checks.service';
import { RequestCheckDto } from './dto/check.dto';
import { uuidParam } from '../../common/uuid';

@ApiTags('checks')
@Controller('api/v1/contacts')
export class ContactChecksController {
  constructor(
    private readonly checks: ChecksService,
    private readonly query: ChecksQueryService,
  ) {}

  @Post(':id/checks')
  @HttpCode(201)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Ask an agency (or every agency of a type) what it knows (SPEC CHK-1, CHK-2)' })
  request(@CurrentActor() actor: Actor, @Param('id', uuidParam()) contactId: string, @Body() dto: RequestCheckDto) {
    return this.checks.request(actor, contactId, dto);
  }

  @Get(':id/checks')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: "The contact's checks, each household adult's police-check status, and the required checks still outstanding (SPEC CHK-1 to CHK-5)" })
  list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) contactId: string) {
    return this.query.forContact(actor, contactId);
  }
}
