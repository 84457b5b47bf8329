import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REFERRAL_OUTCOMES } from '../domain/annex-a';

type Counts = { k: string; n: number }[];

/** The board pack's counts for a period (SPEC MGT-3), before suppression. */
@Injectable()
export class BoardPackRepository {
  constructor(private readonly dataSource: DataSource) {}

  async counts(from: Date, to: Date): Promise<{ t: Record<string, number>; byOutcome: Counts; bySource: Counts; byGrade: Counts }> {
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
    return { t, byOutcome, bySource, byGrade };
  }
}
