import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowPage, CasePage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import { isUuid } from '../../common/uuid';
import { ChecksQueryService } from '../../modules/checks/checks-query.service';
import { ContactReaderService } from '../../modules/contacts/use-cases/contact-reader.service';
import { ChronologyService } from '../../modules/people/chronology/chronology.service';
import { toCsv } from '../../modules/people/domain/chronology';
import { HistoryService } from '../../modules/people/history/history.service';
import { PeopleReadService } from '../../modules/people/people-read.service';
import { ChildStatusService } from '../../modules/step-downs/child-status.service';
import { renderPage } from '../render';
import { formatDate } from '../view-models/dates';
import { noteHistoryViewed, WebRequest } from './mash-pages';
import { childFrame, ChildTab, chronologyTab, ChronologyFilter, decisionsTab, historyTab, overviewTab, PersonSummary, statusTab, timelineItem } from './view-models/child-record';
import { personName, words } from './view-models/words';

const one = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * A child's record (SPEC PPL-1..5, STEP-1, WEB-4): one tab per page, each the read of the matching
 * API route with the same actor, so each view writes its own access event ("who viewed this child").
 */
@ApiExcludeController()
@CasePage()
@Controller('mash/children')
export class ChildRecordController {
  constructor(
    private readonly people: PeopleReadService,
    private readonly history: HistoryService,
    private readonly chronology: ChronologyService,
    private readonly status: ChildStatusService,
    private readonly checks: ChecksQueryService,
    private readonly contacts: ContactReaderService,
  ) {}

  @Get(':personId')
  @AllowPage(...MASH_STAFF)
  async overview(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    const person = await this.person(actor, personId, req);
    // The contacts behind each flag, for their references: from the child's own history (the same read as /history).
    const history = await this.history.history(actor, personId, 200);
    const causing = new Map(history.items.map((i) => [i.contactId, { reference: i.reference, receivedAt: i.receivedAt }]));
    this.render(req, res, person, 'overview', overviewTab(person, causing));
  }

  @Get(':personId/history')
  @AllowPage(...MASH_STAFF)
  async historyTab(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Query('cursor') cursor: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const person = await this.person(actor, personId, req);
    const c = one(cursor);
    const history = await this.history.history(actor, personId, 50, c && c.length <= 200 ? c : undefined);
    this.render(req, res, person, 'history', historyTab(history, personId));
  }

  @Get(':personId/household')
  @AllowPage(...MASH_STAFF)
  async household(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    const person = await this.person(actor, personId, req);
    // Police-check status is per contact (SPEC CHK-5): the latest contact about this child.
    const latest = (await this.history.history(actor, personId, 50)).items.find((i) => i.involved.some((v) => v.personId === personId && v.role === 'subject'));
    const checks = latest ? await this.checks.forContact(actor, latest.contactId) : null;
    const police = new Map<string, string>();
    if (latest && checks) {
      const contact = (await this.contacts.get(actor, latest.contactId)) as unknown as { household: { id: string; personId: string | null }[] };
      for (const a of checks.householdAdults) {
        const member = contact.household.find((m) => m.id === a.householdMemberId);
        if (member?.personId) police.set(member.personId, words(a.policeCheckStatus));
      }
    }
    this.render(req, res, person, 'household', {
      latestReference: latest?.reference ?? null,
      rows: person.relationships.map((r) => ({
        name: personName(r),
        href: `/mash/children/${r.personId}`,
        relationship: words(r.relationship),
        pr: r.parentalResponsibility === 'yes' ? 'Yes' : r.parentalResponsibility === 'no' ? 'No' : 'Not known',
        resident: r.resident === true ? 'Lives with the child' : r.resident === false ? 'Does not live with the child' : 'Not known',
        police: police.get(r.personId) ?? 'Not requested',
      })),
    });
  }

  @Get(':personId/chronology')
  @AllowPage(...MASH_STAFF)
  async chronologyTab(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Query() q: Record<string, unknown>, @Req() req: WebRequest, @Res() res: Response) {
    const person = await this.person(actor, personId, req);
    const filter = this.filter(q);
    const result = await this.chronology.chronology(actor, personId, filter.view, filter.scope, 'json');
    this.render(req, res, person, 'chronology', chronologyTab(result.events, filter, personId));
  }

  @Get(':personId/chronology.csv')
  @AllowPage(...MASH_STAFF)
  async chronologyCsv(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Query() q: Record<string, unknown>, @Res() res: Response) {
    if (!isUuid(personId)) throw new NotFoundException();
    const filter = this.filter(q);
    const result = await this.chronology.chronology(actor, personId, filter.view, filter.scope, 'csv');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="chronology-${personId}-${result.view}.csv"`);
    res.send(toCsv(result.events));
  }

  @Get(':personId/chronology/print')
  @AllowPage(...MASH_STAFF)
  async chronologyPrint(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Query() q: Record<string, unknown>, @Req() req: WebRequest, @Res() res: Response) {
    const person = await this.person(actor, personId, req);
    const filter = this.filter(q);
    const result = await this.chronology.chronology(actor, personId, filter.view, filter.scope, 'json');
    const frame = childFrame(person, 'chronology');
    renderPage(req, res, 'pages/mash/chronology-print', {
      ...frame,
      title: frame.title.replace('chronology', 'chronology for printing'),
      backLink: `${frame.base}/chronology`,
      scope: filter.scope === 'household' ? 'the whole household' : 'this child',
      view: filter.view === 'key' ? 'key events only' : 'all events',
      printedOn: formatDate(new Date().toISOString().slice(0, 10)),
      events: result.events.map(timelineItem),
    });
  }

  @Get(':personId/decisions')
  @AllowPage(...MASH_STAFF)
  async decisions(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    const person = await this.person(actor, personId, req);
    const history = await this.history.history(actor, personId, 200);
    const ids = await this.history.personIds(personId);
    this.render(req, res, person, 'decisions', { decisions: decisionsTab(history, ids) });
  }

  @Get(':personId/strategy')
  @AllowPage(...MASH_STAFF)
  async strategy(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    const person = await this.person(actor, personId, req);
    const result = await this.chronology.chronology(actor, personId, 'full', 'child', 'json');
    this.render(req, res, person, 'strategy', { events: result.events.filter((e) => e.module === 'strategy').reverse().map(timelineItem) });
  }

  @Get(':personId/status')
  @AllowPage(...MASH_STAFF)
  async statusTab(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    const person = await this.person(actor, personId, req);
    const status = await this.status.read(actor, personId);
    this.render(req, res, person, 'status', statusTab(status, person.status.cpPlans));
  }

  private async person(actor: Actor, personId: string, req: WebRequest): Promise<PersonSummary> {
    if (!isUuid(personId)) throw new NotFoundException();
    const person = (await this.people.person(actor, personId)) as unknown as PersonSummary;
    noteHistoryViewed(req, personId);
    return person;
  }

  private filter(q: Record<string, unknown>): ChronologyFilter {
    return { view: one(q.view) === 'key' ? 'key' : 'full', scope: one(q.scope) === 'household' ? 'household' : 'child', agency: one(q.agency) || undefined };
  }

  private render(req: WebRequest, res: Response, person: PersonSummary, tab: ChildTab, model: object) {
    renderPage(req, res, `pages/mash/child-${tab}`, { ...childFrame(person, tab), tab, ...model });
  }
}
