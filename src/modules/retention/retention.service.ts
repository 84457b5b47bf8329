import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { UnitOfWork } from '../../database/unit-of-work';
import type { RetentionPolicy } from './domain/retention-policy';
import { LegalHoldRow, RetentionRepository } from './persistence/retention.repository';
import { RETENTION_POLICY } from './retention-config';

export interface RetentionPlan {
  policyVersion: string;
  contactIds: string[];
  feedbackIds: string[];
}

export interface RetentionRun {
  policyVersion: string;
  contactIds: string[];
  feedbackIds: string[];
  /** Rows deleted per table. */
  counts: Record<string, number>;
}

/**
 * Deletes what has outlived its retention period (SPEC SEC-5), in bounded batches (config/retention.yaml
 * batchSize; one transaction each, with its own `retention.purged` audit event holding ids and counts),
 * and never anything a person under legal hold appears in. Feedback goes first by its own period,
 * then whole contacts. Managers set and lift holds, with a reason, audited.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly repository: RetentionRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  /** What a purge now would delete (the dry run): every expired id, read page by page. */
  async plan(): Promise<RetentionPlan> {
    return { policyVersion: this.policy.version, ...(await this.repository.allExpired(this.policy.batchSize)) };
  }

  /** Purges until nothing expired is left; each batch commits with its audit event. */
  async purge(): Promise<RetentionRun> {
    const run: RetentionRun = { policyVersion: this.policy.version, contactIds: [], feedbackIds: [], counts: {} };
    const add = (counts: Record<string, number>) => {
      for (const [table, n] of Object.entries(counts)) run.counts[table] = (run.counts[table] ?? 0) + n;
    };
    for (let after: string | undefined; ; ) {
      const batch = await this.uow.run(async (em) => {
        const ids = await this.repository.expiredFeedbackIds(this.policy.batchSize, after, em);
        const deleted = ids.length ? await this.repository.deleteFeedback(em, ids) : [];
        if (deleted.length) await this.audit.record(em, SYSTEM_ACTOR, this.event('feedback', { feedbackIds: deleted, counts: { feedback: deleted.length } }));
        return { ids, deleted };
      });
      run.feedbackIds.push(...batch.deleted);
      add({ feedback: batch.deleted.length });
      if (batch.ids.length < this.policy.batchSize) break;
      after = batch.ids[batch.ids.length - 1];
    }
    for (let after: string | undefined; ; ) {
      const batch = await this.uow.run(async (em) => {
        const ids = await this.repository.expiredContactIds(this.policy.batchSize, after, em);
        const purged = ids.length ? await this.repository.purgeContacts(em, ids) : { contactIds: [], counts: {} };
        if (purged.contactIds.length) await this.audit.record(em, SYSTEM_ACTOR, this.event('contacts', { contactIds: purged.contactIds, counts: purged.counts }));
        return { ids, purged };
      });
      run.contactIds.push(...batch.purged.contactIds);
      add(batch.purged.counts);
      if (batch.ids.length < this.policy.batchSize) break;
      after = batch.ids[batch.ids.length - 1];
    }
    if (run.contactIds.length || run.feedbackIds.length) {
      this.logger.log({ contacts: run.contactIds.length, feedback: run.feedbackIds.length, counts: run.counts }, 'retention purge');
    }
    return run;
  }

  /**
   * The periods the purge applies are the database's (the migrate job writes config/retention.yaml
   * there as the owner); warns when this process's file says otherwise, so a changed file is not
   * silently ignored until the migrate job runs.
   */
  async warnIfPolicyDiffers(): Promise<void> {
    const applied = await this.repository.appliedPolicy();
    const differs = Object.entries(this.policy.rules).filter(([type, rule]) => applied[type]?.keepMonths !== rule.keepMonths || applied[type]?.from !== rule.from);
    if (differs.length) {
      this.logger.warn({ recordTypes: differs.map(([type]) => type) }, 'config/retention.yaml differs from the periods the database applies: run the migrate job to apply it');
    }
  }

  async setHold(actor: Actor, personId: string, reason: string): Promise<LegalHoldRow> {
    return this.uow.run(async (em) => {
      if (!(await this.repository.personExists(em, personId))) throw new NotFoundException('No such person');
      const hold = await this.repository.setHold(em, personId, reason, actor.userId!);
      if (!hold) throw new ConflictException('This person is already under legal hold');
      await this.audit.record(em, actor, { action: 'legal_hold.set', entityType: 'person', entityId: personId, summary: { holdId: hold.id } });
      return hold;
    });
  }

  async liftHold(actor: Actor, personId: string, reason: string): Promise<LegalHoldRow> {
    return this.uow.run(async (em) => {
      if (!(await this.repository.personExists(em, personId))) throw new NotFoundException('No such person');
      const hold = await this.repository.liftHold(em, personId, reason, actor.userId!);
      if (!hold) throw new ConflictException('This person is not under legal hold');
      await this.audit.record(em, actor, { action: 'legal_hold.lifted', entityType: 'person', entityId: personId, summary: { holdId: hold.id } });
      return hold;
    });
  }

  private event(recordKind: 'feedback' | 'contacts', summary: Record<string, unknown>) {
    return { action: 'retention.purged', entityType: 'retention', entityId: null, summary: { recordKind, policyVersion: this.policy.version, ...summary } };
  }
}
