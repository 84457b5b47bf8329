import { ConflictException, Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { strategyRows } from './persistence/strategy-discussion.repository';
import { StrategyPorts } from './strategy-ports';

/** A declined strategy request as a challenge sees it (SPEC STR-1, ESC-1). */
export interface DeclinedRequest {
  id: string;
  contactId: string;
  subjectId: string;
  status: string;
  requestedByUserId: string | null;
  requestedByAgencyId: string | null;
  declinedByUserId: string | null;
}

/**
 * What a challenge of a declined strategy request needs from strategy: the request, and, when the
 * challenge ends `changed`, the request opened again so that the MASH convenes it (its "answered"
 * clock, and for a RED child its "held" clock, start again from the answer).
 */
@Injectable()
export class StrategyDeclineChallenges {
  constructor(
    private readonly audit: AuditService,
    private readonly ports: StrategyPorts,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async declined(em: EntityManager, id: string): Promise<DeclinedRequest | null> {
    const d = await strategyRows.find(em, id);
    if (!d) return null;
    return { id: d.id, contactId: d.contactId, subjectId: d.subjectId, status: d.status, requestedByUserId: d.requestedByUserId, requestedByAgencyId: d.requestedByAgencyId, declinedByUserId: d.declinedByUserId };
  }

  async reopen(em: EntityManager, actor: Actor, id: string, challengeId: string): Promise<void> {
    const d = await strategyRows.lock(em, id);
    if (d.status !== 'declined') throw new ConflictException(`This strategy discussion is ${d.status}, no longer declined`);
    const at = this.now();
    await strategyRows.update(em, id, { status: 'requested' });
    await this.audit.record(em, actor, {
      action: 'strategy.decline_reversed',
      entityType: 'strategy_discussion',
      entityId: id,
      summary: { challengeId, contactId: d.contactId, subjectId: d.subjectId },
    });
    await this.ports.startClock(em, { kind: 'police_strategy_request_answered', discussionId: id, contactId: d.contactId, startedAt: at, by: actor });
    if ((await this.ports.gradeOf(em, d.contactId, d.subjectId)) === 'RED') {
      await this.ports.startClock(em, { kind: 'strategy_discussion_held', discussionId: id, contactId: d.contactId, startedAt: at, by: actor });
    }
  }
}
