import { Inject, Injectable, Logger } from '@nestjs/common';
import { register, Counter } from 'prom-client';
import { UnitOfWork } from '../../database/unit-of-work';
import { NotificationRepository } from './persistence/notification.repository';
import { BreachedRow, SlaClockRepository } from './persistence/sla-clock.repository';
import { AuditService } from '../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { SLA_CONFIG } from './clocks-config';
import type { SlaConfig } from './domain/sla-config';

const BATCH = 500;

const breaches =
  (register.getSingleMetric('mash_sla_breaches_total') as Counter<string>) ??
  new Counter({ name: 'mash_sla_breaches_total', help: 'SLA clocks breached (each counted once)', labelNames: ['kind'] });

/**
 * Finds clocks past due in Postgres and marks each breach exactly once (SPEC RAG-5, REL-5). The
 * conditional UPDATE (`breached_at IS NULL`, rows claimed with SKIP LOCKED) means two sweeps, two
 * workers or a sweep re-run after a crash can never breach a clock twice; the notifications are
 * inserted in the same transaction, with a unique index per user and clock as a second guard.
 */
@Injectable()
export class SlaSweepService {
  private readonly logger = new Logger(SlaSweepService.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clocks: SlaClockRepository,
    private readonly notifications: NotificationRepository,
    private readonly audit: AuditService,
    @Inject(SLA_CONFIG) private readonly sla: SlaConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /** One pass: returns how many clocks it breached. */
  async sweepOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.sweepBatch(this.now());
      total += n;
      if (n < BATCH) break;
    }
    if (total > 0) this.logger.log({ breached: total }, 'SLA sweep marked breaches');
    return total;
  }

  private async sweepBatch(now: Date): Promise<number> {
    return this.uow.run(async (em) => {
      const rows = await this.clocks.markBreached(em, now, BATCH);
      if (rows.length === 0) return 0;
      const managers = await this.notifications.activeManagerIds(em);
      const notices: { userId: string; clockId: string; contactId: string | null; message: string }[] = [];
      for (const row of rows) {
        const recipients = new Set(managers);
        if (row.holder_user_id) recipients.add(row.holder_user_id);
        const message = this.message(row);
        for (const userId of recipients) notices.push({ userId, clockId: row.id, contactId: row.contact_id, message });
      }
      await this.notifications.insertBreachNotices(em, notices);
      await this.audit.recordMany(
        em,
        SYSTEM_ACTOR,
        rows.map((r) => ({
          action: 'sla_clock.breached',
          entityType: 'sla_clock',
          entityId: r.id,
          summary: { kind: r.kind, targetType: r.target_type, targetId: r.target_id, contactId: r.contact_id, dueAt: new Date(r.due_at).toISOString() },
        })),
      );
      for (const r of rows) breaches.inc({ kind: r.kind });
      return rows.length;
    });
  }

  /** References, kinds and times only: never names or narrative (SPEC SEC-3). */
  private message(row: BreachedRow): string {
    const what = this.sla.clocks[row.kind]?.description ?? row.kind;
    const about = row.reference ? ` for contact ${row.reference}` : ` for ${row.target_type} ${row.target_id}`;
    return `Deadline missed: ${what}${about} was due ${new Date(row.due_at).toISOString()}.`;
  }
}
