import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../../../audit/audit.service';
import { Actor } from '../../../auth/actor';
import { RuleViolationException } from '../../../common/errors';
import { UnitOfWork } from '../../../database/unit-of-work';
import { checkAnswers, isAgreement } from '../domain/audit-form';
import { resolvePeriod } from '../domain/period';
import { drawSample, SampleCandidate } from '../domain/sampling';
import { OversightConfig } from '../oversight-config';
import { auditSamples } from '../persistence/audit-sample.repository';

/**
 * Threshold-decision audits (SPEC MGT-1): draws a sample for a period by config/audit-sampling.yaml,
 * stores it with its seed, takes the audit form per sampled decision and reports agreement rates.
 */
@Injectable()
export class AuditSamplingService {
  constructor(
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
      const rows = await auditSamples.candidates(em, period.from, period.to);
      const candidates: SampleCandidate[] = rows.map((r) => ({
        decisionId: r.id,
        outcome: r.outcome,
        flagsAtDecision: r.flags_at_decision,
        overriddenRules: r.overridden_rules,
        stepDownWithCpIndicator: r.step_down_cp,
      }));
      const sampled = drawSample(candidates, this.config.sampling, seed);
      const sample = await auditSamples.save(em, {
        periodFrom: period.from,
        periodTo: period.to,
        seed,
        configVersion: this.config.sampling.version,
        randomShare: String(this.config.sampling.randomShare),
        formVersion: this.config.form.version,
        decisionsInPeriod: candidates.length,
        drawnByUserId: actor.userId!,
      });
      await auditSamples.insertItems(
        em,
        sampled.map((s, position) => ({ sampleId: sample.id, decisionId: s.decisionId, position, reasons: s.reasons })),
      );
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
    const { sample, items } = await this.uow.read(async (em) => {
      const sample = await auditSamples.find(em, id);
      if (!sample) throw new NotFoundException('No such audit sample');
      const items = await auditSamples.items(em, id);
      await this.audit.recordMany(
        em,
        actor,
        items.map((i) => ({ action: 'threshold_decision.read', entityType: 'threshold_decision', entityId: i.decisionId, summary: { view: 'audit_sample', sampleId: id } })),
      );
      return { sample, items };
    });
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

  /** Samples drawn, newest period first: how many decisions were sampled and how many of them are answered. */
  async list(limit = 24): Promise<{ id: string; from: string; to: string; decisionsInPeriod: number; sampled: number; answered: number; createdAt: string }[]> {
    const rows = await this.uow.read((em) => auditSamples.list(em, limit));
    return rows.map((r) => ({ id: r.id, from: r.period_from.toISOString(), to: r.period_to.toISOString(), decisionsInPeriod: r.decisions_in_period, sampled: r.sampled, answered: r.answered, createdAt: r.created_at.toISOString() }));
  }

  /** Agreement over time (MGT-1): answers given in [from, to) by calendar month (Europe/London) of the answer. */
  async agreementByMonth(from: Date, to: Date): Promise<{ month: string; answered: number; agreed: number; rate: number | null }[]> {
    return this.uow.read((em) => auditSamples.agreementByMonth(em, from, to));
  }

  /** The caller's own answer to one sampled decision, if any (to fill the form again). */
  async myAnswer(actor: Actor, sampleId: string, decisionId: string): Promise<Record<string, unknown> | null> {
    return this.uow.read((em) => auditSamples.answerOf(em, sampleId, decisionId, actor.userId));
  }

  async answer(actor: Actor, sampleId: string, input: { decisionId: string; answers: Record<string, unknown> }) {
    const form = this.config.form;
    const problems = checkAnswers(form, input.answers);
    if (problems.length) throw new RuleViolationException('The audit form is not complete', problems);
    const agrees = isAgreement(form, input.answers);
    return this.uow.run(async (em) => {
      const item = await auditSamples.findItem(em, sampleId, input.decisionId);
      if (!item) throw new NotFoundException('This decision is not in this audit sample');
      const row = await auditSamples.upsertAnswer(em, { sampleId, itemId: item.id, decisionId: input.decisionId, auditorUserId: actor.userId, formVersion: form.version, answers: input.answers, agrees });
      // Answer values are codes; the free-text learning stays out of the audit summary (no narrative).
      const coded = Object.fromEntries(form.questions.filter((q) => q.type !== 'text' && input.answers[q.id] !== undefined).map((q) => [q.id, input.answers[q.id]]));
      await this.audit.record(em, actor, { action: 'audit_answer.recorded', entityType: 'audit_answer', entityId: row.id, summary: { sampleId, decisionId: input.decisionId, agrees, ...coded } });
      return { id: row.id, sampleId, decisionId: input.decisionId, formVersion: form.version, answers: input.answers, agrees, answeredAt: new Date(row.answered_at).toISOString() };
    });
  }

  /**
   * Agreement rates (MGT-1), computed by Postgres: answered decisions, how many the auditor agreed
   * with, by the worker who decided and by their team (the decider's agency), plus the answers to
   * each coded question. One sample, or every answer given in a period.
   */
  async agreement(scope: { sampleId?: string; from?: Date; to?: Date }) {
    const coded = this.config.form.questions.filter((q) => q.type !== 'text').map((q) => q.id);
    const { overall, byWorker, byTeam, answers } = await this.uow.read((em) => auditSamples.agreement(em, scope, coded));
    const byQuestion: Record<string, Record<string, number>> = {};
    for (const r of answers) (byQuestion[r.question] ??= {})[r.answer] = r.n;
    return { definition: `Agreement: the auditor answered "yes" to every one of ${this.config.form.agreement.join(', ')}. Team: the deciding worker's agency.`, overall, byWorker, byTeam, byQuestion };
  }
}
