import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RagGrade } from '../domain/decision-vocabulary';
import { ChildGradePicture, GradeReader } from '../ports/grade-reader';

/**
 * The child's grade as triage holds it (subject_grade): the grade in effect once a worker has
 * confirmed it (RAG-3), the framework version, the PPL-4 flags snapshot, and whether a child
 * protection indicator was ever recorded (a CP plan in the person's history, or an earlier final
 * decision on the s47 pathway).
 */
@Injectable()
export class TriageGradeReader extends GradeReader {
  async read(em: EntityManager, contactId: string, subjectId: string): Promise<ChildGradePicture> {
    const [row] = await em.query(
      `SELECT g.grade, g.confirmed_at, g.framework_version, g.flags, g.facts, g.person_id,
              EXISTS (SELECT 1 FROM threshold_decision d
                       WHERE d.person_id = g.person_id AND d.status IN ('final', 'superseded')
                         AND d.outcome IN ('strategy_discussion', 'immediate_protection')) AS earlier_s47,
              EXISTS (SELECT 1 FROM child_status_transition t WHERE t.person_id = g.person_id AND t.to_level = 'child_protection') AS cp_plan
         FROM subject_grade g WHERE g.contact_id = $1 AND g.subject_id = $2`,
      [contactId, subjectId],
    );
    if (!row) return { grade: null, frameworkVersion: 'ungraded', flags: [], cpIndicatorEverRecorded: false };
    const facts = (row.facts ?? {}) as Record<string, unknown>;
    return {
      grade: row.confirmed_at ? (row.grade as RagGrade) : null,
      frameworkVersion: row.framework_version,
      flags: ((row.flags ?? []) as { ruleId: string }[]).map((f) => f.ruleId),
      cpIndicatorEverRecorded: row.cp_plan === true || row.earlier_s47 === true || facts.everOnCpPlan === true,
    };
  }
}
