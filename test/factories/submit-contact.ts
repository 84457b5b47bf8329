import { DataSource } from 'typeorm';
import { QUEUES, jobId } from '../../src/queue/queue-names';
import { OutboxService } from '../../src/queue/outbox.service';
import { ContactSeed, createContact, CreatedContact } from './contact-factory';

/**
 * What intake (#3) does on a 201, without HTTP: the contact and its `contact.received` outbox row
 * for the triage queue, in one transaction. The worker's relay and the triage processor take it
 * from there, exactly as they will for a contact posted to /api/v1/contacts.
 */
export async function submitContact(ds: DataSource, seed: ContactSeed = {}): Promise<CreatedContact> {
  return ds.transaction(async (em) => {
    const created = await createContact(em, seed);
    await new OutboxService().add(em, {
      queue: QUEUES.triage,
      jobName: 'contact.received',
      jobId: jobId('triage', created.contact.id),
      payload: { contactId: created.contact.id },
    });
    return created;
  });
}
