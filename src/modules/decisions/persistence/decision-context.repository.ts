import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RagGrade } from '../domain/decision-vocabulary';

/** What triage knows about a child that a decision's guards need (SPEC RAG-3, PPL-4, DEC-4). */
export interface ChildGradePicture {
  /** The worker-confirmed grade (RAG-3); null until confirmed, and a decision then waits (409). */
  grade: RagGrade | null;
  /** Version of the threshold framework (config/thresholds) the grade was made under (DEC-1). */
  frameworkVersion: string;
  /** PPL-4 accumulation flags on the child, as rule ids (e.g. PPL-4.repeat-contacts). */
  flags: string[];
  /** A child-protection indicator was ever recorded for the child: CP plan, s47, a CP-level decision (DEC-4). */
  cpIndicatorEverRecorded: boolean;
}

/**
 * Reads for a decision's context, in the decision's transaction: the child's grade as triage holds
 * it (subject_grade) and the referrer's view from the contact. One read model over other features'
 * tables, kept here so the decision screen's inputs are read in one place.
 */
@Injectable()
export class DecisionContextRepository {
  /**
   * The grade in effect once a worker has confirmed it (RAG-3), the framework version, the PPL-4
   * flags snapshot, and whether a child protection indicator was ever recorded (a CP plan in the
   * person's history, or an earlier final decision on the s47 pathway).
   */
  async gradePicture(em: EntityManager, contactId: string, subjectId: string): Promise<ChildGradePicture> {
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

  /** The referrer said the child needs protection (DEC-6). */
  async referrerSaysChildProtection(em: EntityManager, contactId: string): Promise<boolean> {
    const [row] = await em.query('SELECT referrer_says_child_protection FROM contact WHERE id = $1', [contactId]);
    return row?.referrer_says_child_protection === true;
  }

  /** The child's row, locked: two decisions for one child run one after the other. */
  async lockChild(em: EntityManager, contactId: string, subjectId: string): Promise<{ personId: string | null } | null> {
    const [row] = await em.query('SELECT person_id FROM contact_subject WHERE id = $1 AND contact_id = $2 FOR UPDATE', [subjectId, contactId]);
    return row ? { personId: row.person_id } : null;
  }
}
