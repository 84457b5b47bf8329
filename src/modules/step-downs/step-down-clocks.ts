import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { StepDown } from './persistence/step-down.entity';

/**
 * The step-down's two clocks (SPEC RAG-5, STEP-2): step_down_acceptance (breach alerts the manager,
 * by the SLA sweep) and step_down_hard_limit (past it, this module's sweep re-queues the child).
 */
@Injectable()
export class StepDownClocks {
  async start(_em: EntityManager, _row: StepDown, _actor: Actor): Promise<{ acceptanceDueAt: Date | null; hardLimitAt: Date | null }> {
    return { acceptanceDueAt: null, hardLimitAt: null };
  }

  async stop(_em: EntityManager, _row: StepDown, _how: 'met' | 'cancelled', _actor: Actor): Promise<void> {}
}
