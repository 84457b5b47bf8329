import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { SlaClockService } from '../../calendar/sla-clock.service';
import { CHALLENGE_CLOCK } from '../challenges.service';
import { EscalationConfig, nextStage } from '../domain/escalation';
import { ESCALATION_CONFIG } from '../escalation-config';
import { challengeRows } from '../persistence/challenge.repository';
import { UnitOfWork } from '../../../database/unit-of-work';

const BATCH = 100;

/**
 * No answer in time → the next stage (SPEC ESC-1). Finds open challenges whose running
 * challenge_response clock is past due, from the database (so it survives restarts), and moves each
 * up exactly once: the challenge row is locked (SKIP LOCKED: two workers never take the same one)
 * and updated only if it is still at the stage the clock was for; the old clock is cancelled and
 * the next stage's clock started in the same transaction. At the last stage the breach stays (the
 * SLA sweep reports it).
 */
@Injectable()
export class ChallengeEscalationService {
  private readonly logger = new Logger(ChallengeEscalationService.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clocks: SlaClockService,
    private readonly audit: AuditService,
    @Inject(ESCALATION_CONFIG) private readonly config: EscalationConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async sweepOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.batch();
      total += n;
      if (n < BATCH) break;
    }
    if (total) this.logger.log({ escalated: total }, 'challenges escalated after their stage clock ran out');
    return total;
  }

  private async batch(): Promise<number> {
    return this.uow.run(async (em) => {
      const now = this.now();
      const due = await challengeRows.dueForEscalation(em, CHALLENGE_CLOCK, now, this.config.stages.length - 1, BATCH);
      for (const row of due) {
        const next = nextStage(this.config, row.stage_index)!;
        const moved = await challengeRows.moveStage(em, row.id, row.stage_index, { index: next.index, key: next.stage.key }, now);
        if (!moved) continue;
        const ref = { kind: CHALLENGE_CLOCK, targetType: 'challenge', targetId: row.id };
        await this.clocks.cancel(em, ref, `no answer by ${new Date(row.due_at).toISOString()}: escalated to ${next.stage.key}`);
        await this.clocks.start(em, { ...ref, contactId: row.contact_id, startedAt: now });
        await challengeRows.addEvent(em, { challengeId: row.id, kind: 'escalated', stageKey: next.stage.key, at: now, byUserId: null, note: 'no answer in time' });
        await this.audit.record(em, SYSTEM_ACTOR, {
          action: 'challenge.escalated',
          entityType: 'challenge',
          entityId: row.id,
          summary: { fromStage: this.config.stages[row.stage_index].key, toStage: next.stage.key, automatic: true },
        });
      }
      return due.length;
    });
  }
}
