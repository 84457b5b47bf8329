import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import type { Actor } from '../../../auth/actor';
import { OutboxService } from '../../../queue/outbox.service';
import { jobId, QUEUES } from '../../../queue/queue-names';
import { londonYear } from '../../../common/london-date';
import { ReferenceSequences } from '../persistence/reference-sequence.repository';
import { requeueRows } from '../persistence/requeue.repository';

export interface RequeueChild {
  originalContactId: string;
  subjectId: string;
  /** Why the child goes back to the queue: the words the worker reads on the new contact. */
  reason: string;
  at: Date;
  /** Recorded as the new contact's submitter. */
  submittedBy: { userId: string | null; agencyId: string | null };
  /** Added to the contact.created audit event (what asked for the re-queue). */
  auditSummary: Record<string, unknown>;
}

/**
 * Puts a child back in the triage queue (SPEC STEP-2, STEP-5) as a NEW contact copied from the
 * original: the one child, the household and the concerns about that child, with channel
 * early_help_step_up and a note naming the original reference. It gets the same
 * `triage`/`contact.received` outbox row intake writes, so triage grades it like any other.
 */
@Injectable()
export class ContactRequeueService {
  constructor(
    private readonly sequences: ReferenceSequences,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Makes sure the year's reference sequence exists; call it before the business transaction. */
  async prepare(at: Date): Promise<void> {
    await this.sequences.ensure(londonYear(at));
  }

  /** Inside the caller's transaction, after `prepare`. */
  async requeue(em: EntityManager, actor: Actor, input: RequeueChild): Promise<{ id: string; reference: string }> {
    const original = await requeueRows.originalReference(em, input.originalContactId);
    const created = await requeueRows.insertCopy(em, {
      originalContactId: input.originalContactId,
      subjectId: input.subjectId,
      year: londonYear(input.at),
      at: input.at,
      byUserId: input.submittedBy.userId,
      byAgencyId: input.submittedBy.agencyId,
      note: `${input.reason}. Original contact ${original}.`,
    });
    await this.audit.record(em, actor, {
      action: 'contact.created', entityType: 'contact', entityId: created.id,
      summary: { channel: 'early_help_step_up', linkedContactId: input.originalContactId, ...input.auditSummary },
    });
    await this.outbox.add(em, { queue: QUEUES.triage, jobName: 'contact.received', jobId: jobId('triage', created.id), payload: { contactId: created.id } });
    return created;
  }
}
