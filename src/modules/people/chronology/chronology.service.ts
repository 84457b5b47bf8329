import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../auth/actor';
import { AuditService } from '../../../audit/audit.service';
import { UnitOfWork } from '../../../database/unit-of-work';
import { personRecords } from '../persistence/person-read.repository';
import { applyView, ChronologyEvent, ChronologyView, groupByAgency } from '../domain/chronology';
import { HistoryService } from '../history/history.service';
import { PeopleExtensionsRegistry } from '../people-extensions.registry';

export type ChronologyScope = 'child' | 'household';

export interface Chronology {
  personId: string;
  view: ChronologyView;
  scope: ChronologyScope;
  modules: string[];
  events: ChronologyEvent[];
  /** by-agency view only */
  agencies?: { sourceAgency: string; events: ChronologyEvent[] }[];
  /** Who the chronology is about, for the printed form's headers. */
  child: { reference: string; firstName: string | null; lastName: string | null; dateOfBirth: string | null };
  generatedAt: Date;
}

/**
 * The chronology read model (SPEC PPL-5): the union of every registered source's events for the child
 * (or the household: the child, siblings, linked adults and their children), merged and viewed.
 * Nothing is stored: it is generated on each read from the modules' own records. Reading it is audited.
 */
@Injectable()
export class ChronologyService {
  constructor(
    private readonly extensions: PeopleExtensionsRegistry,
    private readonly history: HistoryService,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async chronology(actor: Actor, personId: string, view: ChronologyView, scope: ChronologyScope, format: 'json' | 'csv' | 'html'): Promise<Chronology> {
    let ids: string[];
    if (scope === 'household') {
      const { personIds, members } = await this.history.family(personId);
      ids = [...new Set([...personIds, ...members.map((m) => m.personId)])];
    } else {
      ids = await this.history.personIds(personId);
    }
    const until = this.now();
    const person = await this.uow.read((em) => personRecords.person(em, personId));
    const sources = this.extensions.chronologySources;
    const batches = await Promise.all(sources.map((s) => s.events({ personIds: ids, until })));
    const byId = new Map<string, ChronologyEvent>();
    for (const e of batches.flat()) if (!byId.has(e.id)) byId.set(e.id, e);
    const events = applyView([...byId.values()], view);
    await this.audit.recordRead(actor, 'person', personId, { view: 'chronology', chronologyView: view, scope, format, events: events.length });
    return {
      personId,
      view,
      scope,
      modules: [...new Set(sources.map((s) => s.module))].sort(),
      events,
      ...(view === 'by-agency' ? { agencies: groupByAgency(events) } : {}),
      child: { reference: personId, firstName: person?.firstName ?? null, lastName: person?.lastName ?? null, dateOfBirth: (person?.dateOfBirth as string | null) ?? null },
      generatedAt: until,
    };
  }
}
