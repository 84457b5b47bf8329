import { Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { ContactReaderService } from '../../modules/contacts/use-cases/contact-reader.service';
import { TriageQueryService } from '../../modules/triage/triage-query.service';
import type { DecisionChild } from './view-models/decision';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CaseContact {
  id: string;
  reference: string;
  subjects: { id: string; personId?: string | null; firstName: string | null; lastName: string | null; description?: string | null }[];
  household: { id: string; firstName: string | null; lastName: string | null; relationship: string; personId?: string | null }[];
  evidence: { id: string; type: string; heldBy?: string | null; description?: string | null; sharedWithPoliceAt?: string | null }[];
}

/** A child as the case pages name it: first and last name, else the description, else "Child n". */
export function childName(s: { firstName: string | null; lastName: string | null; description?: string | null }, n: number): string {
  return [s.firstName, s.lastName].filter(Boolean).join(' ') || s.description || `Child ${n + 1}`;
}

/**
 * A contact and one of its children, for the case pages: read through the same use cases as the
 * JSON API (the contact read is audited; an unknown id is 404). The child is named in the address by
 * its person id, or by its place on the contact (subject id) before it is linked to a person.
 */
@Injectable()
export class CaseContext {
  constructor(
    private readonly reader: ContactReaderService,
    private readonly triage: TriageQueryService,
  ) {}

  async contact(actor: Actor, contactId: string): Promise<CaseContact> {
    if (!UUID.test(contactId)) throw new NotFoundException();
    return (await this.reader.get(actor, contactId)) as unknown as CaseContact;
  }

  async child(actor: Actor, contactId: string, childKey: string): Promise<DecisionChild & { subjectId: string; personId: string | null }> {
    if (!UUID.test(childKey)) throw new NotFoundException();
    const contact = await this.contact(actor, contactId);
    const index = contact.subjects.findIndex((s) => s.personId === childKey || s.id === childKey);
    if (index < 0) throw new NotFoundException();
    const subject = contact.subjects[index];
    const triage = await this.triage.contactTriage(contactId);
    const graded = triage?.subjects.find((s) => s.subjectId === subject.id);
    return {
      contactId,
      reference: contact.reference,
      childKey,
      subjectId: subject.id,
      personId: subject.personId ?? null,
      name: childName(subject, index),
      grade: graded?.grade ?? null,
      flags: (graded?.flags ?? []).map((f: { label?: string; ruleId: string }) => f.label ?? f.ruleId),
      referrerSaidChildProtection: triage?.referrerView.isChildProtection === true,
    };
  }
}
