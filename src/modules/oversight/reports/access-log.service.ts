import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../../audit/audit.service';
import { Actor } from '../../../auth/actor';
import { decodeSeqCursor, encodeCursor } from '../../../common/pagination';
import { UnitOfWork } from '../../../database/unit-of-work';
import { accessLogRows } from '../persistence/access-log.repository';

/**
 * "Who viewed this child" (SPEC MGT-4): every read of the child's record from the audit trail:
 * reads of the person (record, history, chronology, search results), of any contact where the child
 * is a subject, of any decision about the child, of agency checks on those contacts (partners'
 * reads), of strategy discussions, step-downs, challenges and professionals-meeting requests about
 * the child, of the child's status, lists that showed any of these, and Annex A downloads whose
 * period covers a contact about the child. Newest first, keyset-paginated on the audit sequence.
 */
@Injectable()
export class AccessLogService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async forPerson(actor: Actor, personId: string, limit: number, cursor?: string) {
    const before = decodeSeqCursor(cursor);
    if (!(await this.uow.read((em) => accessLogRows.personExists(em, personId)))) throw new NotFoundException('No such person');
    // This look is itself a read of the child's record, and shows in the log.
    await this.audit.recordRead(actor, 'person', personId, { view: 'access_log' });
    const rows = await this.uow.read((em) => accessLogRows.readsOf(em, personId, limit, before));
    const items = rows.slice(0, limit).map(({ seq: _seq, ...r }) => r);
    return { items, nextCursor: rows.length > limit ? encodeCursor(rows[limit - 1].seq) : null };
  }
}
