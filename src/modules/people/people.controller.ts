import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../../auth/access.decorator';
import { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import { InvalidInputException } from '../../common/errors';
import { uuidParam } from '../../common/uuid';
import { ChronologyService } from './chronology/chronology.service';
import { toCsv } from './domain/chronology';
import { chronologyHtml } from './domain/chronology-print';
import { parseDate } from './domain/dates';
import { ChronologyQueryDto, HistoryQueryDto, MergePersonDto, PeopleSearchQueryDto, RecordPersonFlagDto } from './dto/people.dto';
import { HistoryService } from './history/history.service';
import { PersonMergesService } from './matching/person-merges.service';
import { PeopleReadService } from './people-read.service';
import { PersonFlagsService } from './person-flags.service';

@ApiTags('people')
@Controller('api/v1/people')
export class PeopleController {
  constructor(
    private readonly read: PeopleReadService,
    private readonly historyService: HistoryService,
    private readonly chronologyService: ChronologyService,
    private readonly merges: PersonMergesService,
    private readonly personFlags: PersonFlagsService,
  ) {}

  // POST, not GET: names, dates of birth and NHS numbers never travel in a URL (proxy and access logs keep URLs).
  @Post('search')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Find persons by name (fuzzy: aliases, previous names, spelling variants), date of birth, NHS number, postcode (SPEC PPL-1)' })
  search(@CurrentActor() actor: Actor, @Body() q: PeopleSearchQueryDto) {
    if (!q.name && !q.firstName && !q.lastName && !q.dateOfBirth && !q.nhsNumber && !q.postcode) {
      throw new InvalidInputException([{ field: 'name', rule: 'atLeastOne', message: 'Give at least one of name, firstName, lastName, dateOfBirth, nhsNumber or postcode' }]);
    }
    if (q.dateOfBirth && !parseDate(q.dateOfBirth)) throw new InvalidInputException([{ field: 'dateOfBirth', rule: 'isDate', message: 'dateOfBirth is not a real date' }]);
    return this.read.search(actor, q);
  }

  @Get(':id')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'A person: names, addresses, relationships, flags, status and accumulation flags as of now (SPEC PPL-1, PPL-2, PPL-4)' })
  person(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    return this.read.person(actor, id);
  }

  @Get(':id/history')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Contacts and decisions for the person, siblings, half-siblings and linked adults, newest first (SPEC PPL-3)' })
  history(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Query() q: HistoryQueryDto) {
    return this.historyService.history(actor, id, q.limit ?? 50, q.cursor);
  }

  @Get(':id/chronology')
  @Allow('mash_worker', 'mash_manager', 'auditor')
  @ApiOperation({ summary: 'Chronology from every module: view=full|key|by-agency, format=json|csv|html (printable), scope=child|household (SPEC PPL-5)' })
  @ApiProduces('application/json', 'text/csv', 'text/html')
  async chronology(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Query() q: ChronologyQueryDto, @Res({ passthrough: true }) res: Response) {
    const format = q.format ?? 'json';
    const result = await this.chronologyService.chronology(actor, id, q.view ?? 'full', q.scope ?? 'child', format);
    if (format === 'json') return result;
    if (format === 'html') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      return chronologyHtml({ child: result.child, view: result.view, scope: result.scope, generatedAt: result.generatedAt, events: result.events });
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="chronology-${id}-${result.view}.csv"`);
    return toCsv(result.events);
  }

  @Post(':id/merge')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Merge this person into another found to be the same person; reversible (SPEC PPL-1)' })
  merge(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: MergePersonDto) {
    return this.merges.merge(actor, id, dto.intoPersonId, dto.reason);
  }

  @Post('merges/:mergeId/revert')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Undo a merge exactly' })
  revert(@CurrentActor() actor: Actor, @Param('mergeId', uuidParam('mergeId')) mergeId: string) {
    return this.merges.revert(actor, mergeId);
  }

  @Post(':id/flags')
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'Record a standing flag on a person (worker safety, risk to children, ...)' })
  recordFlag(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() dto: RecordPersonFlagDto) {
    return this.personFlags.record(actor, id, dto.kind, dto.note);
  }

  @Post(':id/flags/:flagId/end')
  @HttpCode(200)
  @Allow(...MASH_STAFF)
  @ApiOperation({ summary: 'End a standing flag (it stays in the record)' })
  endFlag(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Param('flagId', uuidParam('flagId')) flagId: string) {
    return this.personFlags.end(actor, id, flagId);
  }
}
