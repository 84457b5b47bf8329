import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { AuditService } from '../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { ContactStatusWriter } from '../contacts/contact-status.writer';
import type { GradingSweepConfig } from './domain/grading-sweep';
import { GRADING_SWEEP_CONFIG } from './grading-sweep-config';
import { ungradedRows } from './persistence/ungraded.repository';

const REASON_LIMIT = 300;

/** Counts for /metrics: the latest service made in this process (one per application). */
let count: (() => Promise<number>) | undefined;
if (!register.getSingleMetric('mash_contacts_ungraded_overdue')) {
  new Gauge({
    name: 'mash_contacts_ungraded_overdue',
    help: 'Contacts still without a provisional grade past the limit of config/grading.yaml (grade-by-hand ones included)',
    async collect() {
      if (count) this.set(await count().catch(() => -1));
    },
  });
}

/**
 * Contacts nobody has graded yet, apart from how grading works (SPEC RAG-2, RAG-5): how many are past
 * their limit (health, metrics), which ones the sweeper should queue again, and the mark left when
 * automatic grading gives up, so a person grades the contact by hand.
 */
@Injectable()
export class UngradedContactsService {
  private readonly logger = new Logger(UngradedContactsService.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly contactStatus: ContactStatusWriter,
    private readonly audit: AuditService,
    @Inject(GRADING_SWEEP_CONFIG) readonly config: GradingSweepConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {
    count = () => this.overdueCount();
  }

  private limit(): Date {
    return new Date(this.now().getTime() - this.config.ungradedAfterSeconds * 1000);
  }

  overdueCount(): Promise<number> {
    return this.uow.read((em) => ungradedRows.overdueCount(em, this.limit()));
  }

  /** Contacts past their limit whose grading has not been given up on, oldest first. */
  overdue(limit: number): Promise<string[]> {
    return this.uow.read((em) => ungradedRows.overdue(em, this.limit(), limit));
  }

  /** Every automatic attempt failed: the contact is shown as "grade by hand" with the reason (ids only in the log). */
  async gradingGaveUp(contactId: string, attempts: number, lastError: string): Promise<void> {
    const message = lastError.length > REASON_LIMIT ? `${lastError.slice(0, REASON_LIMIT)}…` : lastError;
    const reason = `Automatic grading failed ${attempts} time${attempts === 1 ? '' : 's'} (last error: ${message}). Grade this contact by hand.`;
    const marked = await this.uow.run(async (em) => {
      const done = await this.contactStatus.markGradingFailed(em, contactId, reason, this.now());
      if (done) await this.audit.record(em, SYSTEM_ACTOR, { action: 'contact.grading_failed', entityType: 'contact', entityId: contactId, summary: { attempts } });
      return done;
    });
    if (marked) this.logger.error({ contactId, attempts }, 'automatic grading gave up: the contact is in the queue to grade by hand');
  }
}
