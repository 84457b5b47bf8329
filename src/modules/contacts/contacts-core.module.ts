import { Module } from '@nestjs/common';
import { ContactStatusWriter } from './contact-status.writer';
import { HouseholdPeople } from './household-people';
import { ReferenceSequences } from './persistence/reference-sequence.repository';
import { ContactRequeueService } from './use-cases/contact-requeue.service';

/**
 * What other features ask of contacts, in the API and the worker: the one writer of contact.status
 * (triage, decisions), re-queueing a child as a new contact (step-downs), and the binding people
 * makes for household changes.
 */
@Module({
  providers: [ContactStatusWriter, ReferenceSequences, ContactRequeueService, HouseholdPeople],
  exports: [ContactStatusWriter, ReferenceSequences, ContactRequeueService, HouseholdPeople],
})
export class ContactsCoreModule {}
