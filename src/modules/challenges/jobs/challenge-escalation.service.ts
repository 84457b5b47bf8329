import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { SlaClockService } from '../../calendar/sla-clock.service';
import { CHALLENGE_CLOCK } from '../challenges.service';
import { EscalationConfig, nextStage } from '../domain/escalation';
import { ESCALATION_CONFIG } from '../escalation-config';
import { ChallengeEvent } from '../persistence/challenge-event.entity';

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
    private readonly dataSource: DataSource,
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
    return this.dataSource.transaction(async (em) => {
      const now = this.now();
      const due: { id: string; stage_index: number; contact_id: string | null; due_at: Date }[] = await em.query(
        `SELECT c.id, c.stage_index, c.contact_id, k.due_at
           FROM challenge c JOIN sla_clock k
             ON k.kind = $1 AND k.target_type = 'challenge' AND k.target_id = c.id AND k.met_at IS NULL AND k.cancelled_at IS NULL
          WHERE c.status = 'open' AND k.due_at <= $2 AND c.stage_index < $3
          ORDER BY k.due_at LIMIT ${BATCH}
          FOR UPDATE OF c SKIP LOCKED`,
        [CHALLENGE_CLOCK, now, this.config.stages.length - 1],
      );
      for (const row of due) {
        const next = nextStage(this.config, row.stage_index)!;
        const [, changed] = await em.query(
          `UPDATE challenge SET stage_index = $2, stage_key = $3, stage_started_at = $4, updated_at = now() WHERE id = $1 AND stage_index = $5 AND status = 'open'`,
          [row.id, next.index, next.stage.key, now, row.stage_index],
        );
        if (changed !== 1) continue;
        const ref = { kind: CHALLENGE_CLOCK, targetType: 'challenge', targetId: row.id };
        await this.clocks.cancel(em, ref, `no answer by ${new Date(row.due_at).toISOString()}: escalated to ${next.stage.key}`);
        await this.clocks.start(em, { ...ref, contactId: row.contact_id, startedAt: now });
        await em.insert(ChallengeEvent, { challengeId: row.id, kind: 'escalated', stageKey: next.stage.key, at: now, byUserId: null, note: 'no answer in time' });
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
