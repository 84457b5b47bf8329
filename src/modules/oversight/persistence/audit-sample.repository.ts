import type { EntityManager } from 'typeorm';
import { AuditSample } from './audit-sample.entity';
import { AuditSampleItem } from './audit-sample-item.entity';

export interface CandidateRow {
  id: string;
  outcome: string;
  flags_at_decision: string[];
  overridden_rules: string[];
  step_down_cp: boolean;
}

export interface SampleListRow {
  id: string;
  period_from: Date;
  period_to: Date;
  decisions_in_period: number;
  sampled: number;
  answered: number;
  created_at: Date;
}

export interface SampleItemRow {
  decisionId: string;
  position: number;
  reasons: string[];
  outcome: string;
  thresholdLevel: number;
  status: string;
  gradeAtDecision: string | null;
  contactId: string;
  subjectId: string;
  decidedByUserId: string;
  decidedAt: Date;
  answers: number;
}

/** Answers in one sample, or every answer given in [from, to). */
export type AnswerScope = { sampleId?: string; from?: Date; to?: Date };

/** audit_sample, audit_sample_item and audit_answer (SPEC MGT-1), and the decisions a sample is drawn from. */
export const auditSamples = {
  /**
   * Decisions made in the period, in a fixed order so the seeded draw is reproducible. A step-down
   * with a CP indicator is the DEC-4 approval reason the decisions module records for it.
   */
  candidates(em: EntityManager, from: Date, to: Date): Promise<CandidateRow[]> {
    return em.query(
      `SELECT id, outcome, flags_at_decision, overridden_rules,
              ('DEC-4.step-down-cp-indicator' = ANY(approval_reasons)) AS step_down_cp
         FROM threshold_decision
        WHERE status IN ('final', 'superseded') AND decided_at >= $1 AND decided_at < $2
        ORDER BY decided_at, id`,
      [from, to],
    );
  },

  save(em: EntityManager, values: Partial<AuditSample>): Promise<AuditSample> {
    return em.save(em.create(AuditSample, values));
  },

  async insertItems(em: EntityManager, items: Partial<AuditSampleItem>[]): Promise<void> {
    if (items.length) await em.insert(AuditSampleItem, items);
  },

  find(em: EntityManager, id: string): Promise<AuditSample | null> {
    return em.findOne(AuditSample, { where: { id } });
  },

  items(em: EntityManager, sampleId: string): Promise<SampleItemRow[]> {
    return em.query(
      `SELECT i.decision_id AS "decisionId", i.position, i.reasons, d.outcome, d.threshold_level AS "thresholdLevel", d.status,
              d.grade_at_decision AS "gradeAtDecision", d.contact_id AS "contactId", d.subject_id AS "subjectId",
              d.decided_by_user_id AS "decidedByUserId", d.decided_at AS "decidedAt",
              (SELECT count(*)::int FROM audit_answer a WHERE a.item_id = i.id) AS answers
         FROM audit_sample_item i JOIN threshold_decision d ON d.id = i.decision_id
        WHERE i.sample_id = $1 ORDER BY i.position`,
      [sampleId],
    );
  },

  list(em: EntityManager, limit: number): Promise<SampleListRow[]> {
    return em.query(
      `SELECT s.id, s.period_from, s.period_to, s.decisions_in_period, s.created_at,
              (SELECT count(*)::int FROM audit_sample_item i WHERE i.sample_id = s.id) AS sampled,
              (SELECT count(DISTINCT a.item_id)::int FROM audit_answer a WHERE a.sample_id = s.id) AS answered
         FROM audit_sample s ORDER BY s.period_from DESC, s.created_at DESC LIMIT $1`,
      [limit],
    );
  },

  agreementByMonth(em: EntityManager, from: Date, to: Date): Promise<{ month: string; answered: number; agreed: number; rate: number | null }[]> {
    return em.query(
      `SELECT to_char(date_trunc('month', a.answered_at AT TIME ZONE 'Europe/London'), 'YYYY-MM') AS month, count(*)::int AS answered,
              count(*) FILTER (WHERE a.agrees)::int AS agreed, round(count(*) FILTER (WHERE a.agrees)::numeric / nullif(count(*), 0), 4)::float AS rate
         FROM audit_answer a WHERE a.answered_at >= $1 AND a.answered_at < $2 GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
  },

  async answerOf(em: EntityManager, sampleId: string, decisionId: string, auditorUserId: string | null | undefined): Promise<Record<string, unknown> | null> {
    const [row]: { answers: Record<string, unknown> }[] = await em.query(`SELECT answers FROM audit_answer WHERE sample_id = $1 AND decision_id = $2 AND auditor_user_id = $3`, [sampleId, decisionId, auditorUserId]);
    return row?.answers ?? null;
  },

  findItem(em: EntityManager, sampleId: string, decisionId: string): Promise<AuditSampleItem | null> {
    return em.findOne(AuditSampleItem, { where: { sampleId, decisionId } });
  },

  /** One answer per auditor per item: answering again replaces it. */
  async upsertAnswer(
    em: EntityManager,
    a: { sampleId: string; itemId: string; decisionId: string; auditorUserId: string | null | undefined; formVersion: string | number; answers: Record<string, unknown>; agrees: boolean },
  ): Promise<{ id: string; answered_at: Date }> {
    const [row] = await em.query(
      `INSERT INTO audit_answer (sample_id, item_id, decision_id, auditor_user_id, form_version, answers, agrees)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (item_id, auditor_user_id) DO UPDATE SET answers = EXCLUDED.answers, agrees = EXCLUDED.agrees,
         form_version = EXCLUDED.form_version, answered_at = now()
       RETURNING id, answered_at`,
      [a.sampleId, a.itemId, a.decisionId, a.auditorUserId, a.formVersion, JSON.stringify(a.answers), a.agrees],
    );
    return row;
  },

  /**
   * Agreement counts: overall, by the worker who decided, by their team (the decider's agency), and
   * the answers to each of the `coded` questions.
   */
  async agreement(em: EntityManager, scope: AnswerScope, coded: string[]) {
    const where = scope.sampleId ? 'a.sample_id = $1' : 'a.answered_at >= $1 AND a.answered_at < $2';
    const params = scope.sampleId ? [scope.sampleId] : [scope.from, scope.to];
    const rate = `round(count(*) FILTER (WHERE a.agrees)::numeric / nullif(count(*), 0), 4)::float`;
    const [overall] = await em.query(`SELECT count(*)::int AS answered, count(*) FILTER (WHERE a.agrees)::int AS agreed, ${rate} AS rate FROM audit_answer a WHERE ${where}`, params);
    const byWorker = await em.query(
      `SELECT d.decided_by_user_id AS "userId", u.name, count(*)::int AS answered, count(*) FILTER (WHERE a.agrees)::int AS agreed, ${rate} AS rate
         FROM audit_answer a JOIN threshold_decision d ON d.id = a.decision_id LEFT JOIN app_user u ON u.id = d.decided_by_user_id
        WHERE ${where} GROUP BY d.decided_by_user_id, u.name ORDER BY u.name, d.decided_by_user_id`,
      params,
    );
    const byTeam = await em.query(
      `SELECT u.agency_id AS "teamId", g.name AS team, count(*)::int AS answered, count(*) FILTER (WHERE a.agrees)::int AS agreed, ${rate} AS rate
         FROM audit_answer a JOIN threshold_decision d ON d.id = a.decision_id
         LEFT JOIN app_user u ON u.id = d.decided_by_user_id LEFT JOIN agency g ON g.id = u.agency_id
        WHERE ${where} GROUP BY u.agency_id, g.name ORDER BY g.name`,
      params,
    );
    const answers: { question: string; answer: string; n: number }[] = await em.query(
      `SELECT kv.key AS question, kv.value AS answer, count(*)::int AS n
         FROM audit_answer a, jsonb_each_text(a.answers) kv
        WHERE ${where} AND kv.key = ANY($${params.length + 1}) GROUP BY kv.key, kv.value ORDER BY kv.key, kv.value`,
      [...params, coded],
    );
    return { overall, byWorker, byTeam, answers };
  },
};
