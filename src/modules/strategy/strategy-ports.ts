import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';

/** Clock kinds of config/sla.yaml that strategy discussions start and meet (SPEC RAG-5). */
export type StrategyClockKind = 'police_strategy_request_answered' | 'strategy_discussion_held' | 'minutes_distributed' | 'icpc_due';

/**
 * What strategy discussions need from triage and the calendar: SLA clocks (SlaClockService), the
 * working-day calendar (for the ICPC due date) and the child's confirmed grade. Bound in
 * strategy.module.ts to TriageStrategyPorts, which delegates to those modules; kept as one small
 * port so the use cases and their tests read what they need in one place.
 */
export abstract class StrategyPorts {
  /** Starts a clock on a strategy discussion (idempotent per kind and discussion). */
  abstract startClock(em: EntityManager, input: { kind: StrategyClockKind; discussionId: string; contactId: string; startedAt?: Date; dueAt?: Date; by: Actor }): Promise<void>;
  abstract meetClock(em: EntityManager, kind: StrategyClockKind, discussionId: string, by: Actor, at?: Date): Promise<void>;
  abstract cancelClock(em: EntityManager, kind: StrategyClockKind, discussionId: string, reason: string, by: Actor): Promise<void>;
  /** The child's grade: confirmed, else provisional; null when not graded yet. */
  abstract gradeOf(em: EntityManager, contactId: string, subjectId: string): Promise<'RED' | 'AMBER' | 'GREEN' | null>;
  /** The Europe/London calendar date of an instant. */
  abstract localDate(at: Date): string;
  abstract isWorkingDay(date: string): boolean;
  /** Close of business on a working day (the due time of a date-only deadline such as the ICPC). */
  abstract closeOfDay(date: string): Date;
}
