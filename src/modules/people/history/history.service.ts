import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../../../auth/actor';
import { AuditService } from '../../../audit/audit.service';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../../common/pagination';
import { UnitOfWork } from '../../../database/unit-of-work';
import { contactSource } from '../domain/chronology';
import type { FamilyMember, FamilyRelation } from '../domain/relationships';
import { cpPlans, currentLevel, CpPlan } from '../domain/status';
import { PeopleExtensionsRegistry } from '../people-extensions.registry';
import { loadFamily, personIdsOf } from '../persistence/family.repository';
import { loadFamilyPeople, loadHistoryPage } from '../persistence/history.repository';

export interface HistoryPerson {
  personId: string;
  relation: FamilyRelation;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  currentLevel: { level: string; since: string } | null;
  cpPlans: CpPlan[];
}

export interface HistoryItem {
  contactId: string;
  reference: string;
  receivedAt: string;
  channel: string;
  status: string;
  sourceAgency: string;
  referrerType: string;
  anonymous: boolean;
  concernCategories: string[];
  involved: { personId: string; role: 'subject' | 'household'; relationship: string | null; relation: FamilyRelation['kind'] }[];
  decisions: { decisionId: string; subjectId: string; personId: string | null; outcome: string; thresholdLevel: number; status: string; decidedAt: string }[];
  [annotation: string]: unknown;
}

export interface History {
  personId: string;
  family: HistoryPerson[];
  items: HistoryItem[];
  nextCursor: string | null;
}

/**
 * History at triage (SPEC PPL-3): every contact and decision for the child, siblings and half-siblings,
 * and every linked adult (including contacts about an adult's other children and the adult's own
 * childhood contacts), newest first, with the family's current level and CP plans. Other modules add
 * to each item through HistoryAnnotators (e.g. grades). Reading it is an audit event.
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly extensions: PeopleExtensionsRegistry,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** The person's ids (itself and anyone merged into it); 404 when there is no such person. */
  async personIds(personId: string): Promise<string[]> {
    const ids = await this.uow.read((em) => personIdsOf(em, personId));
    if (!ids.length) throw new NotFoundException('No such person');
    return ids;
  }

  async family(personId: string): Promise<{ personIds: string[]; members: FamilyMember[] }> {
    const personIds = await this.personIds(personId);
    return { personIds, members: await this.uow.read((em) => loadFamily(em, personId, personIds)) };
  }

  async history(actor: Actor, personId: string, limit = 50, cursor?: string): Promise<History> {
    const after = decodeTimeIdCursor(cursor);
    const before = after && { receivedAt: after[0], id: after[1] };
    const { personIds, members } = await this.family(personId);
    // Records written against a person merged into the child count as the child's.
    const mergedIn = personIds.filter((id) => id !== personId);
    const relationOf = new Map<string, FamilyRelation>(members.map((m) => [m.personId, m.relation]));
    for (const id of mergedIn) relationOf.set(id, { kind: 'self' });
    const everyone = [...relationOf.keys()];
    const [rows, people] = await this.uow.read((em) => Promise.all([loadHistoryPage(em, everyone, limit + 1, before ?? null), loadFamilyPeople(em, members.map((m) => m.personId))]));
    const page = rows.slice(0, limit);
    const items: HistoryItem[] = page.map((r) => ({
      contactId: r.contactId,
      reference: r.reference,
      receivedAt: new Date(r.receivedAt).toISOString(),
      channel: r.channel,
      status: r.status,
      sourceAgency: contactSource(r.agencyName, r.referrerType, r.anonymous),
      referrerType: r.referrerType,
      anonymous: r.anonymous,
      concernCategories: r.concernCategories,
      involved: (r.involved ?? []).map((i) => ({ ...i, personId: mergedIn.includes(i.personId) ? personId : i.personId, relation: relationOf.get(i.personId)?.kind ?? 'self' })),
      decisions: r.decisions,
    }));
    for (const annotator of this.extensions.historyAnnotators) {
      const notes = await annotator.annotate(items.map((i) => i.contactId));
      for (const item of items) item[annotator.key] = notes.get(item.contactId) ?? null;
    }
    const byId = new Map(people.map((p) => [p.id, p]));
    const now = this.now();
    const family: HistoryPerson[] = members.map((m) => {
      const p = byId.get(m.personId);
      const changes = (p?.transitions ?? []).map((t) => ({ ...t, effectiveAt: new Date(t.effectiveAt) }));
      return {
        personId: m.personId,
        relation: m.relation,
        firstName: p?.firstName ?? null,
        lastName: p?.lastName ?? null,
        dateOfBirth: p?.dateOfBirth ?? null,
        currentLevel: currentLevel(changes, now),
        cpPlans: cpPlans(changes),
      };
    });
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeTimeIdCursor(last.cursorAt, last.contactId) : null;
    await this.audit.recordRead(actor, 'person', personId, { view: 'history', contacts: items.length });
    return { personId, family, items, nextCursor };
  }
}
