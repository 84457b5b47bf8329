import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { SlaClockService } from '../calendar/sla-clock.service';
import type { StepDown } from './persistence/step-down.entity';

const KINDS = ['step_down_acceptance', 'step_down_hard_limit'] as const;

/**
 * The step-down's two clocks (SPEC RAG-5, STEP-2) on the shared SLA clocks (config/sla.yaml):
 * step_down_acceptance (5 working days; its breach alerts the holder and the MASH managers through
 * the SLA sweep) and step_down_hard_limit (10 working days; past it this module's sweep re-queues
 * the child). The due times are copied onto the step-down row so the re-queue sweep reads one table.
 */
@Injectable()
export class StepDownClocks {
  constructor(private readonly clocks: SlaClockService) {}

  async start(em: EntityManager, row: StepDown, actor: Actor): Promise<{ acceptanceDueAt: Date; hardLimitAt: Date }> {
    const common = { targetType: 'step_down', targetId: row.id, contactId: row.contactId, holderUserId: row.createdByUserId, by: actor };
    const acceptance = await this.clocks.start(em, { ...common, kind: 'step_down_acceptance' });
    const hard = await this.clocks.start(em, { ...common, kind: 'step_down_hard_limit' });
    return { acceptanceDueAt: acceptance.dueAt, hardLimitAt: hard.dueAt };
  }

  /** Accepted: both met. Rejected, declined or re-queued: both cancelled (the new contact has its own clocks). */
  async stop(em: EntityManager, row: StepDown, how: 'met' | 'cancelled', actor: Actor): Promise<void> {
    for (const kind of KINDS) {
      const ref = { kind, targetType: 'step_down', targetId: row.id };
      if (how === 'met') await this.clocks.meet(em, ref, { by: actor });
      else await this.clocks.cancel(em, ref, `step-down ${row.status}`, { by: actor });
    }
  }
}
