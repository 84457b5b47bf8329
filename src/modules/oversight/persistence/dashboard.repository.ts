import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOSED_STATUSES_SQL } from '../../contacts/domain/contact-vocabulary';

/**
 * The manager dashboard's figures (SPEC MGT-2), each one aggregate computed by Postgres. Oversight
 * is the one read model that reads every table; definitions: reports/dashboard-definitions.ts.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  openContacts(now: Date) {
    return this.dataSource.query(
      `WITH open AS (
         SELECT c.status, coalesce(t.grade, 'ungraded') AS grade,
                CASE WHEN $1::timestamptz - c.received_at < interval '4 hours' THEN 'under_4h'
                     WHEN $1::timestamptz - c.received_at < interval '1 day' THEN '4h_to_1d'
                     WHEN $1::timestamptz - c.received_at < interval '3 days' THEN '1d_to_3d'
                     WHEN $1::timestamptz - c.received_at < interval '7 days' THEN '3d_to_7d'
                     ELSE 'over_7d' END AS band
           FROM contact c LEFT JOIN contact_triage t ON t.contact_id = c.id
          WHERE c.status NOT IN (${CLOSED_STATUSES_SQL}))
       SELECT (SELECT count(*)::int FROM open) AS total,
              (SELECT coalesce(jsonb_object_agg(status, n), '{}') FROM (SELECT status, count(*)::int n FROM open GROUP BY status) s) AS by_status,
              (SELECT coalesce(jsonb_object_agg(band, n), '{}') FROM (SELECT band, count(*)::int n FROM open GROUP BY band) b) AS by_age_band,
              (SELECT coalesce(jsonb_object_agg(grade, n), '{}') FROM (SELECT grade, count(*)::int n FROM open GROUP BY grade) g) AS by_grade`,
      [now],
    );
  }

  slaByKind(now: Date, nearHours: number): Promise<{ kind: string; breached: number; near: number }[]> {
    return this.dataSource.query(
      `SELECT kind,
              count(*) FILTER (WHERE due_at <= $1)::int AS breached,
              count(*) FILTER (WHERE due_at > $1 AND due_at <= $1::timestamptz + make_interval(hours => $2))::int AS near
         FROM sla_clock WHERE met_at IS NULL AND cancelled_at IS NULL
        GROUP BY kind`,
      [now, nearHours],
    );
  }

  pendingApprovals(): Promise<{ k: string; n: number; oldest: Date }[]> {
    return this.dataSource.query(
      `SELECT kind AS k, count(*)::int AS n, min(requested_at) AS oldest FROM approval WHERE status = 'pending' GROUP BY kind`,
    );
  }

  overdue(now: Date) {
    return this.dataSource.query(
      `SELECT count(*) FILTER (WHERE kind = 'feedback_due')::int AS feedback,
              count(*) FILTER (WHERE kind = 'minutes_distributed')::int AS minutes,
              count(*) FILTER (WHERE kind = 'step_down_acceptance')::int AS step_downs,
              (SELECT count(*)::int FROM agency_check WHERE status = 'requested' AND due_at < $1) AS checks
         FROM sla_clock WHERE met_at IS NULL AND cancelled_at IS NULL AND due_at <= $1`,
      [now],
    );
  }

  workerLoad(now: Date) {
    return this.dataSource.query(
      `SELECT u.id AS "userId", u.name, u.role,
              (SELECT count(*)::int FROM contact_triage t JOIN contact c ON c.id = t.contact_id
                WHERE t.assigned_to_user_id = u.id AND c.status NOT IN (${CLOSED_STATUSES_SQL})) AS "openContacts",
              (SELECT count(*)::int FROM sla_clock k WHERE k.holder_user_id = u.id AND k.met_at IS NULL AND k.cancelled_at IS NULL) AS "runningClocks",
              (SELECT count(*)::int FROM sla_clock k WHERE k.holder_user_id = u.id AND k.met_at IS NULL AND k.cancelled_at IS NULL AND k.due_at <= $1) AS "pastDueClocks"
         FROM app_user u WHERE u.active AND u.role IN ('mash_worker', 'mash_manager')
        ORDER BY u.name, u.id`,
      [now],
    );
  }

  weeklyGrades(from: Date, to: Date): Promise<{ week: string; contacts: number; red: number; amber: number; green: number }[]> {
    return this.dataSource.query(
      `WITH c AS (
         SELECT id, to_char(date_trunc('week', received_at AT TIME ZONE 'Europe/London'), 'YYYY-MM-DD') AS week
           FROM contact WHERE received_at >= $1 AND received_at < $2)
       SELECT c.week, count(DISTINCT c.id)::int AS contacts,
              count(g.id) FILTER (WHERE g.grade = 'RED')::int AS red,
              count(g.id) FILTER (WHERE g.grade = 'AMBER')::int AS amber,
              count(g.id) FILTER (WHERE g.grade = 'GREEN')::int AS green
         FROM c LEFT JOIN subject_grade g ON g.contact_id = c.id
        GROUP BY c.week ORDER BY c.week`,
      [from, to],
    );
  }

  sourceNeutrality(from: Date, to: Date) {
    return this.dataSource.query(
      `WITH first AS (
         SELECT c.referrer_type, d.outcome,
                extract(epoch FROM coalesce(d.final_at, d.decided_at) - c.received_at) / 3600 AS hours
           FROM threshold_decision d JOIN contact c ON c.id = d.contact_id
          WHERE d.status IN ('final', 'superseded') AND d.supersedes_id IS NULL
            AND coalesce(d.final_at, d.decided_at) >= $1 AND coalesce(d.final_at, d.decided_at) < $2)
       SELECT referrer_type AS "referrerType", count(*)::int AS decided,
              count(*) FILTER (WHERE outcome = 'nfa')::int AS nfa,
              round(count(*) FILTER (WHERE outcome = 'nfa')::numeric / count(*), 4)::float AS "nfaRate",
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)::numeric, 2)::float AS "medianHoursToDecision",
              round(avg(hours)::numeric, 2)::float AS "meanHoursToDecision"
         FROM first GROUP BY referrer_type ORDER BY referrer_type`,
      [from, to],
    );
  }

  recontact(from: Date, to: Date, now: Date): Promise<{ months: number; closures: number; eligible: number; recontacted: number }[]> {
    return this.dataSource.query(
      `WITH closure AS (
         SELECT d.id, d.person_id, coalesce(d.final_at, d.decided_at) AS closed_at
           FROM threshold_decision d
          WHERE d.status IN ('final', 'superseded') AND d.outcome IN ('nfa', 'advice_signpost')
            AND coalesce(d.final_at, d.decided_at) >= $1 AND coalesce(d.final_at, d.decided_at) < $2),
       w AS (SELECT unnest(ARRAY[3, 6, 12]) AS months)
       SELECT w.months, count(cl.id)::int AS closures,
              count(cl.id) FILTER (WHERE cl.closed_at + make_interval(months => w.months) <= $3)::int AS eligible,
              count(cl.id) FILTER (WHERE cl.closed_at + make_interval(months => w.months) <= $3 AND EXISTS (
                SELECT 1 FROM contact_subject s JOIN contact c ON c.id = s.contact_id
                 WHERE cl.person_id IS NOT NULL AND s.person_id = cl.person_id
                   AND c.received_at > cl.closed_at AND c.received_at <= cl.closed_at + make_interval(months => w.months)))::int AS recontacted
         FROM w LEFT JOIN closure cl ON true
        GROUP BY w.months ORDER BY w.months`,
      [from, to, now],
    );
  }

  overridesByRule(from: Date, to: Date): Promise<{ k: string; n: number }[]> {
    return this.dataSource.query(
      `SELECT rule AS k, count(*)::int AS n FROM threshold_decision d, unnest(d.overridden_rules) AS rule
        WHERE d.decided_at >= $1 AND d.decided_at < $2 GROUP BY rule ORDER BY rule`,
      [from, to],
    );
  }

  overridesTotal(from: Date, to: Date) {
    return this.dataSource.query(
      `SELECT count(*)::int AS n FROM threshold_decision WHERE cardinality(overridden_rules) > 0 AND decided_at >= $1 AND decided_at < $2`,
      [from, to],
    );
  }

  challenges(from: Date, to: Date) {
    return this.dataSource.query(
      `SELECT (SELECT coalesce(jsonb_object_agg(stage_key, n), '{}') FROM (SELECT stage_key, count(*)::int n FROM challenge WHERE status = 'open' GROUP BY stage_key) s) AS open_by_stage,
              (SELECT count(*)::int FROM challenge WHERE created_at >= $1 AND created_at < $2) AS raised,
              (SELECT coalesce(jsonb_object_agg(outcome, n), '{}') FROM (SELECT outcome, count(*)::int n FROM challenge WHERE responded_at >= $1 AND responded_at < $2 GROUP BY outcome) o) AS outcomes`,
      [from, to],
    );
  }
}
