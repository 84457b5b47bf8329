import { Inject, Injectable, Logger } from '@nestjs/common';
import { register, Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { SLA_CONFIG } from './clocks-config';
import type { ClockKind, SlaConfig } from './domain/sla-config';

const BATCH = 500;

const breaches =
  (register.getSingleMetric('mash_sla_breaches_total') as Counter<string>) ??
  new Counter({ name: 'mash_sla_breaches_total', help: 'SLA clocks breached (each counted once)', labelNames: ['kind'] });

interface BreachedRow {
  id: string;
  kind: ClockKind;
  target_type: string;
  target_id: string;
  contact_id: string | null;
  holder_user_id: string | null;
  due_at: Date;
  reference: string | null;
}

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
    private readonly dataSource: DataSource,
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
    return this.dataSource.transaction(async (em) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, rowCount].
      const [rows]: [BreachedRow[], number] = await em.query(
        `WITH due AS (
           SELECT id FROM sla_clock
            WHERE breached_at IS NULL AND met_at IS NULL AND cancelled_at IS NULL AND due_at <= $1
            ORDER BY due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE sla_clock c SET breached_at = $1, updated_at = now()
           FROM due WHERE c.id = due.id AND c.breached_at IS NULL
         RETURNING c.id, c.kind, c.target_type, c.target_id, c.contact_id, c.holder_user_id, c.due_at,
                   (SELECT reference FROM contact WHERE contact.id = c.contact_id) AS reference`,
        [now],
      );
      if (rows.length === 0) return 0;
      const managers: { id: string }[] = await em.query(`SELECT id FROM app_user WHERE role = 'mash_manager' AND active`);
      const notifications: unknown[][] = [];
      for (const row of rows) {
        const recipients = new Set(managers.map((m) => m.id));
        if (row.holder_user_id) recipients.add(row.holder_user_id);
        const message = this.message(row);
        for (const userId of recipients) notifications.push([userId, row.id, row.contact_id, message]);
      }
      if (notifications.length) {
        const values = notifications.map((_, i) => `($${i * 4 + 1}::uuid, 'sla_breach', $${i * 4 + 2}::uuid, $${i * 4 + 3}::uuid, $${i * 4 + 4})`).join(', ');
        await em.query(
          `INSERT INTO notification (user_id, kind, clock_id, contact_id, message) VALUES ${values}
           ON CONFLICT (user_id, kind, clock_id) WHERE clock_id IS NOT NULL DO NOTHING`,
          notifications.flat(),
        );
      }
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
