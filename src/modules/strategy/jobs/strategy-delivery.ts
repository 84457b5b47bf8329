import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { UnitOfWork } from '../../../database/unit-of-work';
import { Mailer } from '../../mail/mailer.service';
import { StrategyMessage, StrategyMessageStatus } from '../persistence/strategy-message.entity';

export type StrategyDeliveryOutcome = 'sent' | 'retry' | 'failed' | 'unconfirmed' | 'skipped' | 'missing';

/** A transient SMTP failure: BullMQ retries the job (same id) with its backoff. */
export class StrategyMailRetry extends Error {}

export const UNCONFIRMED = 'Not confirmed: the worker stopped while handing this message to the mail server; not resent automatically (never twice). Check the mail server log for its Message-ID.';

/**
 * Sends one strategy_message (minutes to one recipient, or a decline notice) at most once. Mark
 * `sending` (committed), send, then record `sent` with its time; a job that finds `sending` under
 * the advisory lock knows a worker died mid-send and marks it unconfirmed instead of sending twice.
 */
@Injectable()
export class StrategyDelivery {
  private readonly logger = new Logger(StrategyDelivery.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async deliver(messageId: string, finalAttempt: boolean): Promise<StrategyDeliveryOutcome> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.startTransaction();
      const [{ locked }] = await lock.query(`SELECT pg_try_advisory_xact_lock(hashtext('mash.strategy.delivery'), hashtext($1)) AS locked`, [messageId]);
      if (!locked) throw new StrategyMailRetry('another worker holds this message');
      return await this.attempt(messageId, finalAttempt);
    } finally {
      await lock.rollbackTransaction().catch(() => undefined);
      await lock.release();
    }
  }

  private async attempt(id: string, finalAttempt: boolean): Promise<StrategyDeliveryOutcome> {
    const row = await this.dataSource.getRepository(StrategyMessage).findOne({ where: { id } });
    if (!row) return 'missing';
    if (row.status === 'sending') {
      await this.finish(row, 'sending', { status: 'failed', lastError: UNCONFIRMED }, 'strategy.message_unconfirmed');
      return 'unconfirmed';
    }
    if (row.status !== 'pending' || !row.recipientEmail) return 'skipped';
    const marked = await this.dataSource.createQueryBuilder().update(StrategyMessage).set({ status: 'sending', attempts: row.attempts + 1 }).where('id = :id AND status = :s', { id, s: 'pending' }).execute();
    if (marked.affected !== 1) return 'skipped';
    const result = await this.mailer.send({
      to: row.recipientEmail,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml,
      messageId: row.messageId,
      headers: { 'X-MASH-Strategy-Discussion-Id': row.discussionId, 'X-MASH-Strategy-Message-Id': row.id },
    });
    if (result.ok) {
      await this.finish(row, 'sending', { status: 'sent', sentAt: this.now(), lastError: null }, 'strategy.message_sent');
      return 'sent';
    }
    // The server's words are stored for staff, never logged (they can hold the address).
    this.logger.warn({ strategyMessageId: row.id, kind: result.failure.kind, responseCode: result.failure.responseCode }, 'strategy e-mail not accepted');
    if (result.failure.kind === 'permanent' || finalAttempt) {
      await this.finish(row, 'sending', { status: 'failed', lastError: result.failure.detail }, 'strategy.message_failed');
      return 'failed';
    }
    await this.finish(row, 'sending', { status: 'pending', lastError: result.failure.detail }, null);
    throw new StrategyMailRetry('transient SMTP failure; retried by BullMQ');
  }

  private async finish(row: StrategyMessage, from: StrategyMessageStatus, values: Partial<StrategyMessage>, action: string | null): Promise<void> {
    await this.uow.run(async (em: EntityManager) => {
      const done = await em.createQueryBuilder().update(StrategyMessage).set(values).where('id = :id AND status = :from', { id: row.id, from }).execute();
      if (done.affected === 1 && action) {
        await this.audit.record(em, SYSTEM_ACTOR, { action, entityType: 'strategy_discussion', entityId: row.discussionId, summary: { messageId: row.id, kind: row.kind, inviteeId: row.inviteeId } });
      }
    });
  }
}
