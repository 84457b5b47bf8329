import { Module } from '@nestjs/common';
import { ContactStatusWriter } from './contact-status.writer';
import { ReferenceSequences } from './persistence/reference-sequences';
import { ContactRequeue } from './use-cases/contact-requeue.service';

/**
 * What other features ask of contacts, in the API and the worker: the one writer of contact.status
 * (triage, decisions) and re-queueing a child as a new contact (step-downs).
 */
@Module({
  providers: [ContactStatusWriter, ReferenceSequences, ContactRequeue],
  exports: [ContactStatusWriter, ReferenceSequences, ContactRequeue],
})
export class ContactsCoreModule {}
