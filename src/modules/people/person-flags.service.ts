import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { UnitOfWork } from '../../database/unit-of-work';
import type { PersonFlagKind } from './domain/people-vocabulary';
import { personFlags } from './persistence/person-flag.repository';
import { persons } from './persistence/person-match.repository';

/** Standing flags a worker records on a person ("worker safety", "risk to children"), ended but never deleted. */
@Injectable()
export class PersonFlagsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  record(actor: Actor, personId: string, kind: PersonFlagKind, note: string | undefined) {
    return this.uow.run(async (em) => {
      if (!(await persons.exists(em, personId))) throw new NotFoundException('No such person');
      const flag = await personFlags.insertManual(em, { personId, kind, note: note ?? null, at: this.now(), userId: actor.userId });
      await this.audit.record(em, actor, { action: 'person.flag_recorded', entityType: 'person', entityId: personId, summary: { flagId: flag.id, kind } });
      return flag;
    });
  }

  end(actor: Actor, personId: string, flagId: string) {
    return this.uow.run(async (em) => {
      const flag = await personFlags.lock(em, flagId, personId);
      if (!flag) throw new NotFoundException('No such flag on this person');
      if (flag.ended_at) throw new ConflictException('The flag was already ended');
      await personFlags.end(em, flagId, this.now(), actor.userId);
      await this.audit.record(em, actor, { action: 'person.flag_ended', entityType: 'person', entityId: personId, summary: { flagId, kind: flag.kind } });
      return { id: flagId, kind: flag.kind, endedAt: this.now() };
    });
  }
}
