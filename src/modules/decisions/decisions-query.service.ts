import { Injectable, NotFoundException } from '@nestjs/common';
import { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { Page } from '../../common/pagination';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../checks/time-id-cursor';
import { OverridesQueryDto } from './dto/decision-query.dto';
import { ThresholdDecision } from './persistence/threshold-decision.entity';
import { ThresholdDecisionRepository } from './persistence/threshold-decision.repository';
import { UnitOfWork } from '../../database/unit-of-work';

export interface DecisionLink {
  id: string;
  status: string;
  outcome: string;
  decidedAt: Date;
  supersedesId: string | null;
  supersededById: string | null;
  supersedeReason: string | null;
}

export interface DecisionView extends ThresholdDecision {
  /** Every decision for this child linked by supersession, oldest first (DEC-5), this one included. */
  supersessionChain: DecisionLink[];
}

export interface OverrideEntry {
  decisionId: string;
  contactId: string;
  subjectId: string;
  outcome: string;
  thresholdLevel: number;
  status: string;
  gradeAtDecision: string | null;
  overriddenRules: string[];
  overrideReason: string | null;
  overriddenByUserId: string | null;
  decidedByUserId: string;
  decidedAt: Date;
  approvedByUserIds: string[];
}

/** Reads of decisions; each is an audited read of a child's record (SPEC MGT-4). */
@Injectable()
export class DecisionsQueryService {
  constructor(
    private readonly decisions: ThresholdDecisionRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor, id: string): Promise<DecisionView> {
    const decision = await this.decisions.findById(id);
    if (!decision) throw new NotFoundException('No such decision');
    await this.audit.recordRead(actor, 'threshold_decision', id, { subjectId: decision.subjectId });
    const sameChild = await this.decisions.linksOfChild(decision.subjectId);
    return { ...decision, supersessionChain: chainOf(decision.id, sameChild) };
  }

  /** The child's current decision (final or waiting for approval), if any: its id and status only. */
  currentFor(subjectId: string): Promise<{ id: string; status: string } | null> {
    return this.uow.read((em) => this.decisions.current(em, subjectId));
  }

  /** The override register (SPEC DEC-3, MGT-2): every decision where a manager overrode a guard, newest first. */
  async overrides(actor: Actor, query: OverridesQueryDto): Promise<Page<OverrideEntry>> {
    const limit = query.limit ?? 50;
    const rows = await this.decisions.overridden({
      limit: limit + 1,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      after: decodeTimeIdCursor(query.cursor),
    });
    const page = rows.slice(0, limit);
    await this.uow.run((em) =>
      this.audit.recordMany(em, actor, page.map((d) => ({ action: 'threshold_decision.read', entityType: 'threshold_decision', entityId: d.id, summary: { view: 'override_register' } }))),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((d) => ({
        decisionId: d.id,
        contactId: d.contactId,
        subjectId: d.subjectId,
        outcome: d.outcome,
        thresholdLevel: d.thresholdLevel,
        status: d.status,
        gradeAtDecision: d.gradeAtDecision,
        overriddenRules: d.overriddenRules,
        overrideReason: d.overrideReason,
        overriddenByUserId: d.overriddenByUserId,
        decidedByUserId: d.decidedByUserId,
        decidedAt: d.decidedAt,
        approvedByUserIds: d.approvedByUserIds,
      })),
      nextCursor: rows.length > limit ? encodeTimeIdCursor(last.decidedAt, last.id) : null,
    };
  }
}

/** Walks supersedes / superseded-by links from one decision to its whole chain, oldest first (DEC-5). */
export function chainOf(id: string, decisions: DecisionLink[]): DecisionLink[] {
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const linked = new Set<string>();
  const queue = [id];
  while (queue.length) {
    const current = queue.pop()!;
    const d = byId.get(current);
    if (!d || linked.has(current)) continue;
    linked.add(current);
    // A pending successor links only one way (the old row is marked when the new one becomes final).
    for (const next of [d.supersedesId, d.supersededById]) if (next) queue.push(next);
    for (const other of decisions) if (other.supersedesId === current || other.supersededById === current) queue.push(other.id);
  }
  return decisions.filter((d) => linked.has(d.id));
}
