import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { CONTACT_SUBMITTERS, MASH_STAFF, PROFESSIONALS } from '../../auth/roles';
import { AddInformationDto } from './dto/add-information.dto';
import { HouseholdLeftDto, HouseholdMemberDto } from './dto/contact-parts.dto';
import { ContactHouseholdService } from './use-cases/contact-household.service';
import { CreateContactDto } from './dto/create-contact.dto';
import { ListContactsQueryDto } from './dto/list-contacts.query';
import { ContactInformationService } from './use-cases/contact-information.service';
import { ContactIntakeService } from './use-cases/contact-intake.service';
import { ContactReaderService } from './use-cases/contact-reader.service';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key and body: the original 201 answer again (header Idempotent-Replayed: true). Same key, other body: 422 INT-8.idempotency-key-reuse.',
};

@ApiTags('contacts')
@Controller('api/v1/contacts')
export class ContactsController {
  constructor(
    private readonly intake: ContactIntakeService,
    private readonly reader: ContactReaderService,
    private readonly information: ContactInformationService,
    private readonly household: ContactHouseholdService,
  ) {}

  @Post()
  @Allow(...CONTACT_SUBMITTERS)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Make a contact (professional, police notification, or MASH-recorded phone/EDT/hospital enquiry)' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateContactDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    const { body, replayed } = await this.intake.createProfessional(actor, dto, key);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return body;
  }

  @Get()
  @Allow(...PROFESSIONALS)
  @ApiOperation({ summary: 'Your own contacts (mine=true), newest first' })
  mine(@CurrentActor() actor: Actor, @Query() query: ListContactsQueryDto) {
    return this.reader.mine(actor, query.limit, query.cursor);
  }

  @Get(':id')
  @Allow(...CONTACT_SUBMITTERS)
  @ApiOperation({ summary: 'A contact: in full for MASH staff; your own submission if you made it; 404 otherwise' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.reader.get(actor, id);
  }

  @Post(':id/information')
  @HttpCode(201)
  @Allow(...CONTACT_SUBMITTERS)
  @ApiOperation({
    summary: 'Add information (a concern, evidence, a note) to a contact you made, or any contact as MASH staff',
    description: 'On an open contact the rules run again and the worker holding it is told. On a contact whose children are all decided it opens a new contact following it (followsContactId), never a note on a closed record.',
  })
  addInformation(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AddInformationDto) {
    return this.information.addByUser(actor, id, dto);
  }

  @Post(':id/household')
  @HttpCode(201)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Add an adult or a child to the household of an open contact (SPEC INT-4, CHK-5): a child is graded and decided as a named one; an adult brings the checks it requires' })
  addHouseholdMember(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: HouseholdMemberDto) {
    return this.household.add(actor, id, dto);
  }

  @Post(':id/household/:memberId/left')
  @HttpCode(201)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: "Record that a member left the household of an open contact (SPEC PPL-2): the person's relationships with the children end (validTo)" })
  householdMemberLeft(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('memberId') memberId: string, @Body() dto: HouseholdLeftDto) {
    return this.household.left(actor, id, memberId, dto);
  }
}
