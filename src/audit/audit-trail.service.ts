import { Injectable } from '@nestjs/common';
import { decodeSeqCursor, encodeCursor, Page } from '../common/pagination';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditEvent } from './persistence/audit-event.entity';
import { auditEvents, AuditTrailFilter } from './persistence/audit-event.repository';

/** The audit trail as oversight reads it (SPEC MGT-4): newest first, keyset-paginated on seq. */
@Injectable()
export class AuditTrailService {
  constructor(private readonly uow: UnitOfWork) {}

  async list(filter: Omit<AuditTrailFilter, 'beforeSeq'>, limit: number, cursor?: string): Promise<Page<AuditEvent>> {
    const before = decodeSeqCursor(cursor);
    const rows = await this.uow.read((em) => auditEvents.newestFirst(em, { ...filter, beforeSeq: before }, limit + 1));
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].seq) : null };
  }
}
