import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { MASH_STAFF, Role } from '../../auth/roles';
import { RuleViolationException } from '../../common/errors';
import { UnitOfWork } from '../../database/unit-of-work';
import { SlaClockService } from '../calendar/sla-clock.service';
import { ContactStatus, HISTORICAL_NOT_TRIAGED } from '../contacts/domain/contact-vocabulary';
import { TriageStatusService } from './triage-status.service';
import { subjectGradeRows } from './persistence/subject-grade.repository';

export interface AssignmentResult {
  id: string;
  status: ContactStatus;
  assignedTo: { userId: string; name: string };
  assignedAt: string;
}

/**
 * Take a contact, or give it to a colleague (SPEC RAG-4: the queue shows who holds it). The holder
 * holds the contact's running clocks too, and is notified when one is breached.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly status: TriageStatusService,
    private readonly clocks: SlaClockService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async assign(actor: Actor, contactId: string, userId: string | undefined): Promise<AssignmentResult> {
    const assignee = userId ?? actor.userId!;
    return this.uow.run(async (em) => {
      const contact = await this.status.lock(em, contactId);
      if (!contact) throw new NotFoundException('No such contact');
      if (contact.status === 'historical') throw new ConflictException(HISTORICAL_NOT_TRIAGED);
      const triage = await subjectGradeRows.triage(em, contactId);
      if (!triage) throw new ConflictException('This contact has not been graded yet; try again in a moment');
      if (contact.status === 'decided') throw new ConflictException('Every child of this contact is decided; it has left the queue');
      const user = await subjectGradeRows.user(em, assignee);
      if (!user || !user.active || !MASH_STAFF.includes(user.role as Role)) {
        throw new RuleViolationException('A contact can only be held by an active MASH worker or manager', [
          { field: 'userId', rule: 'RAG-4.assignee', message: 'userId must be an active MASH worker or manager' },
        ]);
      }
      const at = this.now();
      const previous = triage.assignedToUserId;
      await subjectGradeRows.assign(em, contactId, assignee, at);
      await this.clocks.setHolderForContact(em, contactId, assignee);
      await this.audit.record(em, actor, { action: 'contact.assigned', entityType: 'contact', entityId: contactId, summary: { from: previous, to: assignee } });
      const status = await this.status.apply(em, actor, contact, 'assigned');
      return { id: contactId, status, assignedTo: { userId: assignee, name: user.name }, assignedAt: at.toISOString() };
    });
  }
}
