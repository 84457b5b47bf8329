import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Grade } from '../domain/grades';
import { ContactTriage } from './contact-triage.entity';
import { SubjectGradeChange } from './subject-grade-change.entity';
import { SubjectGrade } from './subject-grade.entity';

/** A worker's or manager's change to a child's grade, and the contact's triage row it moves. */
export const subjectGradeRows = {
  ofChild: (em: EntityManager, contactId: string, subjectId: string) => em.findOneBy(SubjectGrade, { contactId, subjectId }),
  byId: (em: EntityManager, id: string) => em.findOneByOrFail(SubjectGrade, { id }),
  lockById: (em: EntityManager, id: string) => em.findOne(SubjectGrade, { where: { id }, lock: { mode: 'pessimistic_write' } }),
  gradesOf: (em: EntityManager, contactId: string) => em.find(SubjectGrade, { where: { contactId }, select: { grade: true } }),
  /** Whether the contact names this child (a contact_subject row). */
  async childExists(em: EntityManager, contactId: string, subjectId: string): Promise<boolean> {
    const [known] = await em.query('SELECT 1 FROM contact_subject WHERE id = $1 AND contact_id = $2', [subjectId, contactId]);
    return !!known;
  },
  async update(em: EntityManager, id: string, changes: QueryDeepPartialEntity<SubjectGrade>): Promise<void> {
    await em.update(SubjectGrade, { id }, changes);
  },
  async addChange(em: EntityManager, change: Partial<SubjectGradeChange>): Promise<void> {
    await em.insert(SubjectGradeChange, change as QueryDeepPartialEntity<SubjectGradeChange>);
  },

  triage: (em: EntityManager, contactId: string) => em.findOneBy(ContactTriage, { contactId }),
  triageOrFail: (em: EntityManager, contactId: string) => em.findOneByOrFail(ContactTriage, { contactId }),
  async setContactGrade(em: EntityManager, contactId: string, grade: Grade, decisionDueAt: Date): Promise<void> {
    await em.update(ContactTriage, { contactId }, { grade, decisionDueAt });
  },
  async assign(em: EntityManager, contactId: string, userId: string, at: Date): Promise<void> {
    await em.update(ContactTriage, { contactId }, { assignedToUserId: userId, assignedAt: at });
  },
  /** Who a contact may be given to: an account's role and whether it is active. */
  async user(em: EntityManager, userId: string): Promise<{ id: string; name: string; role: string; active: boolean } | undefined> {
    const [user] = await em.query('SELECT id, name, role, active FROM app_user WHERE id = $1', [userId]);
    return user;
  },
};
