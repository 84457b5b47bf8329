import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import { LinkPersonDto, UnlinkPersonDto } from './dto/people.dto';
import { PersonLinksService } from './matching/person-links.service';
import { uuidParam } from '../../common/uuid';

/**
 * Links between a contact's subjects (and household members) and the person index, and the candidates
 * the matcher offered (SPEC PPL-1; API.md "People and history"). Every change is audited and undoable.
 */
@ApiTags('people')
@Controller('api/v1')
export class PersonLinksController {
  constructor(
    private readonly links: PersonLinksService,
  ) {}

  @Post('contacts/:id/subjects/:subjectId/link')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Link a subject to a person (`{personId}`) or to a new person (`{createNew: true}`)' })
  linkSubject(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Param('subjectId', uuidParam('subjectId')) subjectId: string, @Body() dto: LinkPersonDto) {
    return this.links.link(actor, 'contact_subject', id, subjectId, dto);
  }

  @Post('contacts/:id/subjects/:subjectId/unlink')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Unlink a subject from its person (a retried triage job will not link it again)' })
  unlinkSubject(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Param('subjectId', uuidParam('subjectId')) subjectId: string, @Body() dto: UnlinkPersonDto) {
    return this.links.unlink(actor, 'contact_subject', id, subjectId, dto.reason);
  }

  @Post('contacts/:id/household/:memberId/link')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Link a household member to a person (`{personId}`) or to a new person (`{createNew: true}`)' })
  linkMember(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Param('memberId', uuidParam('memberId')) memberId: string, @Body() dto: LinkPersonDto) {
    return this.links.link(actor, 'contact_household_member', id, memberId, dto);
  }

  @Post('contacts/:id/household/:memberId/unlink')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Unlink a household member from its person' })
  unlinkMember(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Param('memberId', uuidParam('memberId')) memberId: string, @Body() dto: UnlinkPersonDto) {
    return this.links.unlink(actor, 'contact_household_member', id, memberId, dto.reason);
  }

  @Get('contacts/:id/match-candidates')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Possible matches for the contact’s subjects and household members, with score and what agreed' })
  candidates(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    return this.links.candidates(actor, id);
  }

  @Post('people/match-candidates/:candidateId/confirm')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Confirm a candidate: link the subject or household member to that person' })
  confirm(@CurrentActor() actor: Actor, @Param('candidateId', uuidParam('candidateId')) candidateId: string) {
    return this.links.confirmCandidate(actor, candidateId);
  }

  @Post('people/match-candidates/:candidateId/reject')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Reject a candidate: not the same person' })
  reject(@CurrentActor() actor: Actor, @Param('candidateId', uuidParam('candidateId')) candidateId: string) {
    return this.links.rejectCandidate(actor, candidateId);
  }
}
