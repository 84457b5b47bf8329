import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Grade } from '../domain/grades';
import { SubjectGradeChange } from './subject-grade-change.entity';
import { SubjectGrade } from './subject-grade.entity';

export interface HandGradedChild {
  subjectId: string;
  personId: string | null;
  grade: Grade;
  criterion: string;
  rationale: string;
}

export interface StoreHandGrading {
  contactId: string;
  grade: Grade;
  dueAt: Date;
  clockId: string;
  frameworkVersion: string;
  byUserId: string | null;
  at: Date;
  children: HandGradedChild[];
}

/**
 * The rows of a contact graded by hand after automatic grading gave up (SPEC RAG-2, RAG-3): its
 * triage row, every child's grade (confirmed by the person who gave it) and a `graded_by_hand`
 * history row each. The triage row goes first, ON CONFLICT DO NOTHING: a contact already graded
 * (by hand or by a late job) is left as it is, and nothing else is written.
 */
export const handGradingRows = {
  graded: async (em: EntityManager, contactId: string): Promise<boolean> =>
    (await em.query('SELECT 1 FROM contact_triage WHERE contact_id = $1', [contactId])).length > 0,

  async store(em: EntityManager, s: StoreHandGrading): Promise<boolean> {
    const inserted = await em.query(
      `INSERT INTO contact_triage (contact_id, grade, provisional_grade, decision_due_at, decision_clock_id, framework_version)
       VALUES ($1, $2, $2, $3, $4, $5) ON CONFLICT (contact_id) DO NOTHING RETURNING contact_id`,
      [s.contactId, s.grade, s.dueAt, s.clockId, s.frameworkVersion],
    );
    if (!inserted.length) return false;
    for (const c of s.children) {
      const row: QueryDeepPartialEntity<SubjectGrade> = {
        contactId: s.contactId, subjectId: c.subjectId, personId: c.personId, provisionalGrade: c.grade, firedRules: [], flags: [], facts: {},
        grade: c.grade, confirmedGrade: c.grade, criterion: c.criterion, rationale: c.rationale, confirmedByUserId: s.byUserId, confirmedAt: s.at,
        frameworkVersion: s.frameworkVersion, awaitingConfirmation: false,
      };
      const { identifiers } = await em.insert(SubjectGrade, row);
      await em.insert(SubjectGradeChange, {
        subjectGradeId: identifiers[0].id, contactId: s.contactId, subjectId: c.subjectId, kind: 'graded_by_hand', fromGrade: null, toGrade: c.grade,
        criterion: c.criterion, rationale: c.rationale, byUserId: s.byUserId, approvalId: null, frameworkVersion: s.frameworkVersion,
      } as QueryDeepPartialEntity<SubjectGradeChange>);
    }
    return true;
  },
};
