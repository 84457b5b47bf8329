import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BoardPackRow, suppress, suppressRate, SUPPRESS_BELOW, SUPPRESSED } from '../domain/board-pack';
import { REFERRAL_OUTCOMES } from '../domain/annex-a';

/**
 * The anonymised board pack (SPEC MGT-3, CRAG 9): counts for a period, computed by Postgres, with
 * no names, dates of birth, addresses or ids; counts from 1 to 4 are suppressed.
 */
@Injectable()
export class BoardPackService {
  constructor(private readonly dataSource: DataSource) {}

  async build(from: Date, to: Date): Promise<{ from: string; to: string; suppression: string; rows: BoardPackRow[] }> {
    const [t] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM contact WHERE received_at >= $1 AND received_at < $2) AS contacts,
              (SELECT count(*)::int FROM contact_subject s JOIN contact c ON c.id = s.contact_id WHERE c.received_at >= $1 AND c.received_at < $2) AS children,
              (SELECT count(*)::int FROM threshold_decision WHERE status = 'final' AND coalesce(final_at, decided_at) >= $1 AND coalesce(final_at, decided_at) < $2) AS decisions,
              (SELECT count(*)::int FROM threshold_decision WHERE status = 'final' AND outcome = ANY($3) AND coalesce(final_at, decided_at) >= $1 AND coalesce(final_at, decided_at) < $2) AS referrals,
              (SELECT count(*)::int FROM threshold_decision WHERE status = 'final' AND outcome = 'nfa' AND coalesce(final_at, decided_at) >= $1 AND coalesce(final_at, decided_at) < $2) AS nfa,
              (SELECT count(*)::int FROM threshold_decision WHERE cardinality(overridden_rules) > 0 AND decided_at >= $1 AND decided_at < $2) AS overrides,
              (SELECT count(*)::int FROM challenge WHERE created_at >= $1 AND created_at < $2) AS challenges`,
      [from, to, [...REFERRAL_OUTCOMES]],
    );
    const byOutcome: { k: string; n: number }[] = await this.dataSource.query(
      `SELECT outcome AS k, count(*)::int AS n FROM threshold_decision
        WHERE status = 'final' AND coalesce(final_at, decided_at) >= $1 AND coalesce(final_at, decided_at) < $2 GROUP BY outcome ORDER BY outcome`,
      [from, to],
    );
    const bySource: { k: string; n: number }[] = await this.dataSource.query(
      `SELECT referrer_type AS k, count(*)::int AS n FROM contact WHERE received_at >= $1 AND received_at < $2 GROUP BY referrer_type ORDER BY referrer_type`,
      [from, to],
    );
    const byGrade: { k: string; n: number }[] = await this.dataSource.query(
      `SELECT g.grade AS k, count(*)::int AS n FROM subject_grade g JOIN contact c ON c.id = g.contact_id
        WHERE c.received_at >= $1 AND c.received_at < $2 GROUP BY g.grade ORDER BY g.grade`,
      [from, to],
    );
    const rows: BoardPackRow[] = [
      { section: 'volume', measure: 'contacts_received', value: suppress(t.contacts) },
      { section: 'volume', measure: 'children_on_contacts', value: suppress(t.children) },
      { section: 'decisions', measure: 'final_decisions', value: suppress(t.decisions) },
      { section: 'decisions', measure: 'referrals_accepted', value: suppress(t.referrals) },
      { section: 'decisions', measure: 'nfa', value: suppress(t.nfa) },
      { section: 'decisions', measure: 'nfa_rate_percent', value: suppressRate(t.nfa, t.decisions) ?? 0 },
      ...byOutcome.map((r) => ({ section: 'decisions_by_outcome', measure: r.k, value: suppress(r.n) })),
      ...byGrade.map((r) => ({ section: 'children_by_grade', measure: r.k, value: suppress(r.n) })),
      ...bySource.map((r) => ({ section: 'contacts_by_referrer_type', measure: r.k, value: suppress(r.n) })),
      { section: 'oversight', measure: 'overrides', value: suppress(t.overrides) },
      { section: 'oversight', measure: 'challenges_raised', value: suppress(t.challenges) },
    ];
    return { from: from.toISOString(), to: to.toISOString(), suppression: `Counts from 1 to ${SUPPRESS_BELOW - 1} are shown as "${SUPPRESSED}"; rates over a suppressed count too.`, rows };
  }
}
