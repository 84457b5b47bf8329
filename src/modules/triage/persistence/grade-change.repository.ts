import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AccumulationFlag } from '../../people/people-for-triage';
import type { Grade } from '../domain/grades';
import type { FiredRule } from '../domain/rule-engine';
import { ContactTriage } from './contact-triage.entity';
import { SubjectGradeChange } from './subject-grade-change.entity';
import { SubjectGrade } from './subject-grade.entity';

interface RulesSnapshot {
  grade: Grade;
  frameworkVersion: string;
  firedRules: FiredRule[];
  flags: AccumulationFlag[];
  facts: Record<string, number | boolean>;
  personId: string | null;
}

/** Grades the rules change after a contact was graded: a child raised, a child added. */
export const gradeChangeRows = {
  triage: (em: EntityManager, contactId: string) => em.findOneBy(ContactTriage, { contactId }),
  grades: (em: EntityManager, contactId: string) => em.find(SubjectGrade, { where: { contactId } }),

  /** A child with no grade yet on a graded contact (added to the household): its first, provisional grade. */
  async addChild(em: EntityManager, c: RulesSnapshot & { contactId: string; subjectId: string }): Promise<void> {
    const inserted = await em.insert(SubjectGrade, {
      contactId: c.contactId, subjectId: c.subjectId, personId: c.personId, provisionalGrade: c.grade, grade: c.grade, firedRules: c.firedRules,
      flags: c.flags, facts: c.facts, frameworkVersion: c.frameworkVersion,
    } as QueryDeepPartialEntity<SubjectGrade>);
    await em.insert(SubjectGradeChange, {
      subjectGradeId: inserted.identifiers[0].id, contactId: c.contactId, subjectId: c.subjectId, kind: 'provisional', fromGrade: null, toGrade: c.grade,
      frameworkVersion: c.frameworkVersion,
    } as QueryDeepPartialEntity<SubjectGradeChange>);
  },

  /** The rules now give a higher grade: in effect at once, awaiting a worker's confirmation. */
  async raiseByRules(em: EntityManager, g: SubjectGrade, c: RulesSnapshot): Promise<void> {
    await em.update(SubjectGrade, { id: g.id }, {
      grade: c.grade, awaitingConfirmation: true, firedRules: c.firedRules, flags: c.flags, facts: c.facts, frameworkVersion: c.frameworkVersion,
    } as QueryDeepPartialEntity<SubjectGrade>);
    await em.insert(SubjectGradeChange, {
      subjectGradeId: g.id, contactId: g.contactId, subjectId: g.subjectId, kind: 'raised_by_rules', fromGrade: g.grade, toGrade: c.grade,
      frameworkVersion: c.frameworkVersion,
    } as QueryDeepPartialEntity<SubjectGradeChange>);
  },
};
