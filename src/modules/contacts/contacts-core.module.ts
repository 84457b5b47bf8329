import { Module } from '@nestjs/common';
import { ContactStatusWriter } from './contact-status.writer';
import { ReferenceSequences } from './persistence/reference-sequence.repository';
import { ContactRequeueService } from './use-cases/contact-requeue.service';

/**
 * What other features ask of contacts, in the API and the worker: the one writer of contact.status
 * (triage, decisions) and re-queueing a child as a new contact (step-downs).
 */
@Module({
  providers: [ContactStatusWriter, ReferenceSequences, ContactRequeueService],
  exports: [ContactStatusWriter, ReferenceSequences, ContactRequeueService],
})
export class ContactsCoreModule {}
