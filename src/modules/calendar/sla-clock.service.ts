import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../../auth/actor';
import { SLA_CONFIG } from './clocks-config';
import type { ClockDuration } from './domain/clock-duration';
import type { ClockKind, SlaConfig } from './domain/sla-config';
import { WorkingCalendar } from './domain/working-calendar';
import { SlaClock } from './persistence/sla-clock.entity';
import { SlaClockRepository } from './persistence/sla-clock.repository';

/** Which clock: its kind and what it times. */
export interface ClockRef {
  kind: ClockKind;
  /** e.g. contact, threshold_decision, strategy_discussion, step_down, challenge */
  targetType: string;
  targetId: string;
}

export interface StartClock extends ClockRef {
  contactId?: string | null;
  holderUserId?: string | null;
  /** When the clock starts (default: now). A clock cannot be parked with a future start (RAG-4). */
  startedAt?: Date;
  /** Required for clocks whose duration is "byGrade" (decision_due); otherwise overrides config/sla.yaml. */
  duration?: ClockDuration;
  /** An explicit due time (e.g. a due time a requester chose); wins over any duration. */
  dueAt?: Date;
  by?: Actor;
  /** false when the caller's own audit event already records the clock (e.g. contact.graded). */
  audit?: boolean;
}

/**
 * Starts, meets, cancels and reschedules SLA clocks (SPEC RAG-5) inside the caller's transaction.
 * Every change writes an audit event in the same transaction. Decisions meet
 * decision_due and start feedback_due; strategy discussions start/meet strategy_discussion_held,
 * police_strategy_request_answered, minutes_distributed, icpc_due; step-downs and challenges theirs.
 */
@Injectable()
export class SlaClockService {
  constructor(
    private readonly calendar: WorkingCalendar,
    @Inject(SLA_CONFIG) private readonly sla: SlaConfig,
    private readonly audit: AuditService,
    private readonly clocks: SlaClockRepository,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** The due time a clock of this kind started at `startedAt` would have. */
  computeDueAt(kind: ClockKind, startedAt: Date, duration?: ClockDuration): Date {
    const spec = duration ?? this.sla.clocks[kind].duration;
    if (!spec) throw new Error(`clock ${kind} takes its duration from the caller (${this.sla.clocks[kind].durationFrom})`);
    return this.calendar.dueAt(startedAt, spec);
  }

  /**
   * Starts a clock. Idempotent: when a clock of the same kind is already running for the target,
   * that clock is returned unchanged (a retried job never starts a second one).
   */
  async start(em: EntityManager, input: StartClock): Promise<SlaClock> {
    const now = this.now();
    const startedAt = input.startedAt && input.startedAt < now ? input.startedAt : now;
    const duration = input.duration ?? this.sla.clocks[input.kind].duration ?? null;
    const dueAt = input.dueAt ?? this.computeDueAt(input.kind, startedAt, duration ?? undefined);
    const row = await this.clocks.insertIfNoneRunning(em, {
      kind: input.kind, targetType: input.targetType, targetId: input.targetId, contactId: input.contactId ?? null, holderUserId: input.holderUserId ?? null, startedAt, dueAt, duration,
    });
    if (!row) return (await this.findRunning(em, input))!;
    const clock = Object.assign(new SlaClock(), {
      id: row.id,
      kind: input.kind,
      targetType: input.targetType,
      targetId: input.targetId,
      contactId: input.contactId ?? null,
      holderUserId: input.holderUserId ?? null,
      startedAt,
      dueAt,
      duration,
      metAt: null,
      breachedAt: null,
      cancelledAt: null,
      cancelReason: null,
      createdAt: row.createdAt,
      updatedAt: row.createdAt,
    });
    if (input.audit !== false) {
      await this.audit.record(em, input.by ?? SYSTEM_ACTOR, {
        action: 'sla_clock.started',
        entityType: 'sla_clock',
        entityId: clock.id,
        summary: { kind: clock.kind, targetType: clock.targetType, targetId: clock.targetId, contactId: clock.contactId, dueAt: clock.dueAt.toISOString() },
      });
    }
    return clock;
  }

  /** Stops the running clock as met (on time or late). Returns null when none is running. */
  async meet(em: EntityManager, ref: ClockRef, options: { at?: Date; by?: Actor } = {}): Promise<SlaClock | null> {
    const clock = await this.findRunning(em, ref, true);
    if (!clock) return null;
    clock.metAt = options.at ?? this.now();
    await this.clocks.update(em, clock.id, { metAt: clock.metAt });
    await this.audit.record(em, options.by ?? SYSTEM_ACTOR, {
      action: 'sla_clock.met',
      entityType: 'sla_clock',
      entityId: clock.id,
      summary: { kind: clock.kind, targetType: clock.targetType, targetId: clock.targetId, late: clock.metAt > clock.dueAt, breached: clock.breachedAt !== null },
    });
    return clock;
  }

  /** Stops the running clock without meeting it (e.g. the thing it timed no longer applies). */
  async cancel(em: EntityManager, ref: ClockRef, reason: string, options: { by?: Actor } = {}): Promise<SlaClock | null> {
    const clock = await this.findRunning(em, ref, true);
    if (!clock) return null;
    clock.cancelledAt = this.now();
    clock.cancelReason = reason;
    await this.clocks.update(em, clock.id, { cancelledAt: clock.cancelledAt, cancelReason: reason });
    await this.audit.record(em, options.by ?? SYSTEM_ACTOR, {
      action: 'sla_clock.cancelled',
      entityType: 'sla_clock',
      entityId: clock.id,
      summary: { kind: clock.kind, targetType: clock.targetType, targetId: clock.targetId },
    });
    return clock;
  }

  /**
   * Moves the due time of the running clock (e.g. a raised grade brings the decision forward). A
   * breach already recorded stays recorded: moving the due time later does not undo it.
   */
  async reschedule(em: EntityManager, ref: ClockRef, dueAt: Date, options: { duration?: ClockDuration; reason: string; by?: Actor }): Promise<SlaClock | null> {
    const clock = await this.findRunning(em, ref, true);
    if (!clock) return null;
    if (clock.dueAt.getTime() === dueAt.getTime()) return clock;
    const previous = clock.dueAt;
    clock.dueAt = dueAt;
    if (options.duration) clock.duration = options.duration;
    await this.clocks.update(em, clock.id, { dueAt, ...(options.duration ? { duration: options.duration as never } : {}) });
    await this.audit.record(em, options.by ?? SYSTEM_ACTOR, {
      action: 'sla_clock.rescheduled',
      entityType: 'sla_clock',
      entityId: clock.id,
      summary: { kind: clock.kind, reason: options.reason, previousDueAt: previous.toISOString(), dueAt: dueAt.toISOString() },
    });
    return clock;
  }

  /** Sets who holds the running clocks of a contact (assignment); the holder is notified on breach. */
  async setHolderForContact(em: EntityManager, contactId: string, holderUserId: string | null): Promise<void> {
    await this.clocks.setHolderForContact(em, contactId, holderUserId);
  }

  async findRunning(em: EntityManager, ref: ClockRef, lock = false): Promise<SlaClock | null> {
    return this.clocks.findRunning(em, ref, lock);
  }

  async listForContact(em: EntityManager, contactId: string): Promise<SlaClock[]> {
    return this.clocks.listForContact(em, contactId);
  }
}
