import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../database/unit-of-work';
import type { ChronologyEvent } from '../../domain/chronology';
import { ChronologyQuery, ChronologySource, ChronologySourceProvider } from '../../people-extensions';
import { chronologyRecords } from '../../persistence/chronology.repository';

const WORDS: Record<string, string> = {
  provisional: 'Provisional grade', confirmed: 'Grade confirmed', raised: 'Grade raised',
  lowering_requested: 'Lower grade requested', lowering_approved: 'Lower grade approved', lowering_rejected: 'Lower grade refused',
};

/**
 * Grades in the chronology (SPEC PPL-5, RAG-2, RAG-3): the provisional grade and every worker's or
 * manager's change. Key when the child was graded RED, or a lowering was asked for or approved (a
 * conference should see who thought the risk was lower, and when).
 */
@Injectable()
@ChronologySourceProvider()
export class GradeEventsSource implements ChronologySource {
  readonly module = 'triage';

  constructor(private readonly uow: UnitOfWork) {}

  async events(q: ChronologyQuery): Promise<ChronologyEvent[]> {
    const rows = await this.uow.read((em) => chronologyRecords.grades(em, q.personIds, q.until));
    return rows.map((r) => ({
      id: `triage.subject_grade_change.${r.id}`,
      personId: r.person_id,
      module: this.module,
      eventType: `grade.${r.kind}`,
      eventDate: r.created_at.toISOString(),
      recordedAt: r.created_at.toISOString(),
      sourceAgency: r.kind === 'provisional' ? 'MASH (provisional rules)' : (r.agency_name ?? 'MASH'),
      keyEvent: r.to_grade === 'RED' || r.kind === 'lowering_requested' || r.kind === 'lowering_approved',
      summary: `${WORDS[r.kind] ?? r.kind}: ${r.from_grade && r.from_grade !== r.to_grade ? `${r.from_grade} -> ` : ''}${r.to_grade}${r.criterion ? ` (${r.criterion})` : ''}`,
      contactId: r.contact_id,
      reference: r.reference,
    }));
  }
}
