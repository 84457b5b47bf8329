import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import { Actor } from '../../../auth/actor';
import { RuleViolationException } from '../../../common/errors';
import { UnitOfWork } from '../../../database/unit-of-work';
import { checkAnswers, isAgreement } from '../domain/audit-form';
import { resolvePeriod } from '../domain/period';
import { drawSample, SampleCandidate } from '../domain/sampling';
import { OversightConfig } from '../oversight-config';
import { AuditSample } from '../persistence/audit-sample.entity';
import { AuditSampleItem } from '../persistence/audit-sample-item.entity';

interface CandidateRow {
  id: string;
  outcome: string;
  flags_at_decision: string[];
  overridden_rules: string[];
  step_down_cp: boolean;
}

/**
 * Threshold-decision audits (SPEC MGT-1): draws a sample for a period by config/audit-sampling.yaml,
 * stores it with its seed, takes the audit form per sampled decision and reports agreement rates.
 */
@Injectable()
export class AuditSamplingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: OversightConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async draw(actor: Actor, input: { from: string; to: string; seed?: string }) {
    const { period, problems } = resolvePeriod(input.from, input.to, this.now(), 0);
    if (!period) throw new RuleViolationException('The period is not valid', problems);
    const seed = input.seed ?? randomBytes(8).toString('hex');
    const id = await this.uow.run(async (em) => {
      // Decisions made in the period, in a fixed order so the seeded draw is reproducible. A step-down
      // with a CP indicator is the DEC-4 approval reason the decisions module records for it.
      const rows: CandidateRow[] = await em.query(
        `SELECT id, outcome, flags_at_decision, overridden_rules,
                ('DEC-4.step-down-cp-indicator' = ANY(approval_reasons)) AS step_down_cp
           FROM threshold_decision
          WHERE status IN ('final', 'superseded') AND decided_at >= $1 AND decided_at < $2
          ORDER BY decided_at, id`,
        [period.from, period.to],
      );
      const candidates: SampleCandidate[] = rows.map((r) => ({
        decisionId: r.id,
        outcome: r.outcome,
        flagsAtDecision: r.flags_at_decision,
        overriddenRules: r.overridden_rules,
        stepDownWithCpIndicator: r.step_down_cp,
      }));
      const sampled = drawSample(candidates, this.config.sampling, seed);
      const sample = await em.save(
        em.create(AuditSample, {
          periodFrom: period.from,
          periodTo: period.to,
          seed,
          configVersion: this.config.sampling.version,
          randomShare: String(this.config.sampling.randomShare),
          formVersion: this.config.form.version,
          decisionsInPeriod: candidates.length,
          drawnByUserId: actor.userId!,
        }),
      );
      if (sampled.length) {
        await em.insert(
          AuditSampleItem,
          sampled.map((s, position) => ({ sampleId: sample.id, decisionId: s.decisionId, position, reasons: s.reasons })),
        );
      }
      await this.audit.record(em, actor, {
        action: 'audit_sample.drawn',
        entityType: 'audit_sample',
        entityId: sample.id,
        summary: { from: period.from.toISOString(), to: period.to.toISOString(), decisionsInPeriod: candidates.length, sampled: sampled.length, configVersion: this.config.sampling.version },
      });
      return sample.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string) {
    const sample = await this.dataSource.manager.findOne(AuditSample, { where: { id } });
    if (!sample) throw new NotFoundException('No such audit sample');
    const items = await this.itemsOf(id);
    await this.audit.recordMany(
      this.dataSource.manager,
      actor,
      items.map((i: { decisionId: string }) => ({ action: 'threshold_decision.read', entityType: 'threshold_decision', entityId: i.decisionId, summary: { view: 'audit_sample', sampleId: id } })),
    );
    return {
      id: sample.id,
      from: sample.periodFrom.toISOString(),
      to: sample.periodTo.toISOString(),
      seed: sample.seed,
      configVersion: sample.configVersion,
      randomShare: Number(sample.randomShare),
      formVersion: sample.formVersion,
      decisionsInPeriod: sample.decisionsInPeriod,
      drawnByUserId: sample.drawnByUserId,
      createdAt: sample.createdAt.toISOString(),
      form: this.config.form,
      items,
      agreement: await this.agreement({ sampleId: id }),
    };
  }

  /** One sampled decision, for its audit form: a read of that decision only. */
  async item(actor: Actor, id: string, decisionId: string) {
    const sample = await this.dataSource.manager.findOne(AuditSample, { where: { id } });
    if (!sample) throw new NotFoundException('No such audit sample');
    const [item] = await this.itemsOf(id, decisionId);
    if (!item) throw new NotFoundException('This decision is not in this audit sample');
    await this.audit.recordRead(actor, 'threshold_decision', decisionId, { view: 'audit_sample', sampleId: id });
    return { id: sample.id, form: this.config.form, item };
  }

  private itemsOf(sampleId: string, decisionId?: string) {
    return this.dataSource.query(
      `SELECT i.decision_id AS "decisionId", i.position, i.reasons, d.outcome, d.threshold_level AS "thresholdLevel", d.status,
              d.grade_at_decision AS "gradeAtDecision", d.contact_id AS "contactId", d.subject_id AS "subjectId",
              d.decided_by_user_id AS "decidedByUserId", d.decided_at AS "decidedAt",
              (SELECT count(*)::int FROM audit_answer a WHERE a.item_id = i.id) AS answers
         FROM audit_sample_item i JOIN threshold_decision d ON d.id = i.decision_id
        WHERE i.sample_id = $1 ${decisionId ? 'AND i.decision_id = $2' : ''} ORDER BY i.position`,
      decisionId ? [sampleId, decisionId] : [sampleId],
    );
  }

  /** Samples drawn, newest period first: how many decisions were sampled and how many of them are answered. */
  async list(limit = 24): Promise<{ id: string; from: string; to: string; decisionsInPeriod: number; sampled: number; answered: number; createdAt: string }[]> {
    const rows: { id: string; period_from: Date; period_to: Date; decisions_in_period: number; sampled: number; answered: number; created_at: Date }[] = await this.dataSource.query(
      `SELECT s.id, s.period_from, s.period_to, s.decisions_in_period, s.created_at,
              (SELECT count(*)::int FROM audit_sample_item i WHERE i.sample_id = s.id) AS sampled,
              (SELECT count(DISTINCT a.item_id)::int FROM audit_answer a WHERE a.sample_id = s.id) AS answered
         FROM audit_sample s ORDER BY s.period_from DESC, s.created_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, from: r.period_from.toISOString(), to: r.period_to.toISOString(), decisionsInPeriod: r.decisions_in_period, sampled: r.sampled, answered: r.answered, createdAt: r.created_at.toISOString() }));
  }

  /** Agreement over time (MGT-1): answers given in [from, to) by calendar month (Europe/London) of the answer. */
  async agreementByMonth(from: Date, to: Date): Promise<{ month: string; answered: number; agreed: number; rate: number | null }[]> {
    return this.dataSource.query(
      `SELECT to_char(date_trunc('month', a.answered_at AT TIME ZONE 'Europe/London'), 'YYYY-MM') AS month, count(*)::int AS answered,
              count(*) FILTER (WHERE a.agrees)::int AS agreed, round(count(*) FILTER (WHERE a.agrees)::numeric / nullif(count(*), 0), 4)::float AS rate
         FROM audit_answer a WHERE a.answered_at >= $1 AND a.answered_at < $2 GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
  }

  /** The caller's own answer to one sampled decision, if any (to fill the form again). */
  async myAnswer(actor: Actor, sampleId: string, decisionId: string): Promise<Record<string, unknown> | null> {
    const [row]: { answers: Record<string, unknown> }[] = await this.dataSource.query(`SELECT answers FROM audit_answer WHERE sample_id = $1 AND decision_id = $2 AND auditor_user_id = $3`, [sampleId, decisionId, actor.userId]);
    return row?.answers ?? null;
  }

  async answer(actor: Actor, sampleId: string, input: { decisionId: string; answers: Record<string, unknown> }) {
    const form = this.config.form;
    const problems = checkAnswers(form, input.answers);
    if (problems.length) throw new RuleViolationException('The audit form is not complete', problems);
    const agrees = isAgreement(form, input.answers);
    return this.uow.run(async (em) => {
      const item = await em.findOne(AuditSampleItem, { where: { sampleId, decisionId: input.decisionId } });
      if (!item) throw new NotFoundException('This decision is not in this audit sample');
      const [row] = await em.query(
        `INSERT INTO audit_answer (sample_id, item_id, decision_id, auditor_user_id, form_version, answers, agrees)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (item_id, auditor_user_id) DO UPDATE SET answers = EXCLUDED.answers, agrees = EXCLUDED.agrees,
           form_version = EXCLUDED.form_version, answered_at = now()
         RETURNING id, answered_at`,
        [sampleId, item.id, input.decisionId, actor.userId, form.version, JSON.stringify(input.answers), agrees],
      );
      // Answer values are codes; the free-text learning stays out of the audit summary (no narrative).
      const coded = Object.fromEntries(form.questions.filter((q) => q.type !== 'text' && input.answers[q.id] !== undefined).map((q) => [q.id, input.answers[q.id]]));
      await this.audit.record(em, actor, { action: 'audit_answer.recorded', entityType: 'audit_answer', entityId: row.id, summary: { sampleId, decisionId: input.decisionId, agrees, ...coded } });
      return { id: row.id as string, sampleId, decisionId: input.decisionId, formVersion: form.version, answers: input.answers, agrees, answeredAt: new Date(row.answered_at).toISOString() };
    });
  }

  /**
   * Agreement rates (MGT-1), computed by Postgres: answered decisions, how many the auditor agreed
   * with, by the worker who decided and by their team (the decider's agency), plus the answers to
   * each coded question. One sample, or every answer given in a period.
   */
  async agreement(scope: { sampleId?: string; from?: Date; to?: Date }) {
    const where = scope.sampleId ? 'a.sample_id = $1' : 'a.answered_at >= $1 AND a.answered_at < $2';
    const params = scope.sampleId ? [scope.sampleId] : [scope.from, scope.to];
    const rate = `round(count(*) FILTER (WHERE a.agrees)::numeric / nullif(count(*), 0), 4)::float`;
    const [overall] = await this.dataSource.query(`SELECT count(*)::int AS answered, count(*) FILTER (WHERE a.agrees)::int AS agreed, ${rate} AS rate FROM audit_answer a WHERE ${where}`, params);
    const byWorker = await this.dataSource.query(
      `SELECT d.decided_by_user_id AS "userId", u.name, count(*)::int AS answered, count(*) FILTER (WHERE a.agrees)::int AS agreed, ${rate} AS rate
         FROM audit_answer a JOIN threshold_decision d ON d.id = a.decision_id LEFT JOIN app_user u ON u.id = d.decided_by_user_id
        WHERE ${where} GROUP BY d.decided_by_user_id, u.name ORDER BY u.name, d.decided_by_user_id`,
      params,
    );
    const byTeam = await this.dataSource.query(
      `SELECT u.agency_id AS "teamId", g.name AS team, count(*)::int AS answered, count(*) FILTER (WHERE a.agrees)::int AS agreed, ${rate} AS rate
         FROM audit_answer a JOIN threshold_decision d ON d.id = a.decision_id
         LEFT JOIN app_user u ON u.id = d.decided_by_user_id LEFT JOIN agency g ON g.id = u.agency_id
        WHERE ${where} GROUP BY u.agency_id, g.name ORDER BY g.name`,
      params,
    );
    const coded = this.config.form.questions.filter((q) => q.type !== 'text').map((q) => q.id);
    const answers: { question: string; answer: string; n: number }[] = await this.dataSource.query(
      `SELECT kv.key AS question, kv.value AS answer, count(*)::int AS n
         FROM audit_answer a, jsonb_each_text(a.answers) kv
        WHERE ${where} AND kv.key = ANY($${params.length + 1}) GROUP BY kv.key, kv.value ORDER BY kv.key, kv.value`,
      [...params, coded],
    );
    const byQuestion: Record<string, Record<string, number>> = {};
    for (const r of answers) (byQuestion[r.question] ??= {})[r.answer] = r.n;
    return { definition: `Agreement: the auditor answered "yes" to every one of ${this.config.form.agreement.join(', ')}. Team: the deciding worker's agency.`, overall, byWorker, byTeam, byQuestion };
  }
}
