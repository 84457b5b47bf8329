import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import { uuidParam } from '../../common/uuid';
import { ContactTagsService } from './contact-tags.service';
import { ProposeMaliciousTagDto } from './dto/contact-tag.dto';

/** Tags on a contact (SPEC INT-10). */
@ApiTags('contacts')
@Controller('api/v1/contacts')
export class ContactTagsController {
  constructor(private readonly tags: ContactTagsService) {}

  @Post(':id/tags/malicious-vexatious')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Propose the malicious/vexatious tag with evidence (SPEC INT-10): it stands once another manager approves it (POST /approvals/{approvalId}/approve); it never closes the contact or changes its grade' })
  propose(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ProposeMaliciousTagDto) {
    return this.tags.proposeMaliciousVexatious(actor, id, dto.evidence);
  }

  @Get(':id/tags')
  @Allow(...MASH_STAFF, 'auditor')
  @ApiOperation({ summary: 'The tags of a contact, proposed, approved or rejected, with their evidence (SPEC INT-10)' })
  list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.tags.list(actor, id);
  }
}
