import { Inject, Injectable } from '@nestjs/common';
import { FeedbackService } from '../../feedback/feedback.service';
import { DashboardRepository } from '../persistence/dashboard.repository';
import { DASHBOARD_DEFINITIONS } from './dashboard-definitions';

export interface DashboardQuery {
  from: Date;
  to: Date;
  nearBreachHours: number;
}

type Counts = Record<string, number>;
const toCounts = (rows: { k: string; n: number }[]): Counts => Object.fromEntries(rows.map((r) => [r.k, r.n]));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

/**
 * The manager dashboard (SPEC MGT-2). Every figure is an aggregate computed by Postgres; Node only
 * shapes the answer. Definitions: dashboard-definitions.ts.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly rows: DashboardRepository,
    private readonly feedback: FeedbackService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async dashboard(q: DashboardQuery) {
    const now = this.now();
    const [open, sla, approvals, overdue, load, drift, neutrality, recontact, overrides, challenges, delivery] = await Promise.all([
      this.openContacts(now),
      this.sla(now, q.nearBreachHours),
      this.approvals(),
      this.overdue(now),
      this.workerLoad(now),
      this.drift(q),
      this.sourceNeutrality(q),
      this.recontact(q, now),
      this.overrides(q),
      this.challenges(q),
      this.feedback.deliveryFigures(),
    ]);
    return {
      generatedAt: now.toISOString(),
      period: { from: q.from.toISOString(), to: q.to.toISOString() },
      openContacts: open,
      slaBreaches: sla,
      awaitingApproval: approvals,
      overdue: { ...overdue, feedback: { ...overdue.feedback, failedDeliveries: delivery.failed, retryingDeliveries: delivery.retrying } },
      workerLoad: load,
      thresholdDrift: drift,
      sourceNeutrality: neutrality,
      recontact,
      overrides,
      challenges,
      definitions: DASHBOARD_DEFINITIONS,
    };
  }

  private async openContacts(now: Date) {
    const [row] = await this.rows.openContacts(now);
    const bands = Object.fromEntries(['under_4h', '4h_to_1d', '1d_to_3d', '3d_to_7d', 'over_7d'].map((b) => [b, row.by_age_band[b] ?? 0]));
    const grades = Object.fromEntries(['RED', 'AMBER', 'GREEN', 'ungraded'].map((g) => [g, row.by_grade[g] ?? 0]));
    return { total: row.total, byStatus: row.by_status as Counts, byAgeBand: bands, byGrade: grades };
  }

  private async sla(now: Date, nearHours: number) {
    const rows = await this.rows.slaByKind(now, nearHours);
    return {
      breached: rows.reduce((s, r) => s + r.breached, 0),
      breachedByKind: Object.fromEntries(rows.filter((r) => r.breached).map((r) => [r.kind, r.breached])),
      nearBreaches: rows.reduce((s, r) => s + r.near, 0),
      nearBreachesByKind: Object.fromEntries(rows.filter((r) => r.near).map((r) => [r.kind, r.near])),
      nearBreachHours: nearHours,
    };
  }

  private async approvals() {
    const rows = await this.rows.pendingApprovals();
    const oldest = rows.map((r) => new Date(r.oldest).getTime()).sort((a, b) => a - b)[0];
    return { total: rows.reduce((s, r) => s + r.n, 0), byKind: toCounts(rows), oldestRequestedAt: oldest ? new Date(oldest).toISOString() : null };
  }

  private async overdue(now: Date) {
    const [row] = await this.rows.overdue(now);
    return {
      feedback: { clocksPastDue: row.feedback },
      minutes: row.minutes,
      checks: row.checks,
      stepDownAcceptances: row.step_downs,
    };
  }

  private async workerLoad(now: Date) {
    const rows = await this.rows.workerLoad(now);
    return rows;
  }

  private async drift(q: DashboardQuery) {
    const rows = await this.rows.weeklyGrades(q.from, q.to);
    return rows.map((r) => {
      const graded = r.red + r.amber + r.green;
      return { weekStarting: r.week, contacts: r.contacts, childrenGraded: graded, red: r.red, amber: r.amber, green: r.green, redAmberShare: graded ? num(r.red / graded + r.amber / graded) : null };
    });
  }

  private async sourceNeutrality(q: DashboardQuery) {
    const rows = await this.rows.sourceNeutrality(q.from, q.to);
    return rows;
  }

  private async recontact(q: DashboardQuery, now: Date) {
    const rows = await this.rows.recontact(q.from, q.to, now);
    return rows.map((r) => ({ withinMonths: r.months, closures: r.closures, eligible: r.eligible, recontacted: r.recontacted, rate: r.eligible ? num(r.recontacted / r.eligible) : null }));
  }

  private async overrides(q: DashboardQuery) {
    const rows = await this.rows.overridesByRule(q.from, q.to);
    const [total] = await this.rows.overridesTotal(q.from, q.to);
    return { total: total.n, byRule: toCounts(rows) };
  }

  private async challenges(q: DashboardQuery) {
    const [row] = await this.rows.challenges(q.from, q.to);
    return { openByStage: row.open_by_stage as Counts, raisedInPeriod: row.raised, outcomesInPeriod: row.outcomes as Counts };
  }
}
