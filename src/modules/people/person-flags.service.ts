import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { UnitOfWork } from '../../database/unit-of-work';
import type { PersonFlagKind } from './domain/people-vocabulary';

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
      const [person] = await em.query('SELECT id FROM person WHERE id = $1', [personId]);
      if (!person) throw new NotFoundException('No such person');
      const [flag] = await em.query(
        `INSERT INTO person_flag (person_id, kind, note, source_kind, recorded_at, recorded_by_user_id) VALUES ($1, $2, $3, 'manual', $4, $5)
         RETURNING id, kind, note, source_kind AS "sourceKind", recorded_at AS "recordedAt", ended_at AS "endedAt"`,
        [personId, kind, note ?? null, this.now(), actor.userId],
      );
      await this.audit.record(em, actor, { action: 'person.flag_recorded', entityType: 'person', entityId: personId, summary: { flagId: flag.id, kind } });
      return flag;
    });
  }

  end(actor: Actor, personId: string, flagId: string) {
    return this.uow.run(async (em) => {
      const [flag] = await em.query('SELECT id, kind, ended_at FROM person_flag WHERE id = $1 AND person_id = $2 FOR UPDATE', [flagId, personId]);
      if (!flag) throw new NotFoundException('No such flag on this person');
      if (flag.ended_at) throw new ConflictException('The flag was already ended');
      await em.query('UPDATE person_flag SET ended_at = $2, ended_by_user_id = $3 WHERE id = $1', [flagId, this.now(), actor.userId]);
      await this.audit.record(em, actor, { action: 'person.flag_ended', entityType: 'person', entityId: personId, summary: { flagId, kind: flag.kind } });
      return { id: flagId, kind: flag.kind, endedAt: this.now() };
    });
  }
}
