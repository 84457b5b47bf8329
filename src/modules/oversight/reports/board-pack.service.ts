import { Injectable } from '@nestjs/common';
import { BoardPackRow, suppress, suppressRate, SUPPRESS_BELOW, SUPPRESSED } from '../domain/board-pack';
import { BoardPackRepository } from '../persistence/board-pack.repository';

/**
 * The anonymised board pack (SPEC MGT-3, CRAG 9): counts for a period, computed by Postgres, with
 * no names, dates of birth, addresses or ids; counts from 1 to 4 are suppressed.
 */
@Injectable()
export class BoardPackService {
  constructor(private readonly rows: BoardPackRepository) {}

  async build(from: Date, to: Date): Promise<{ from: string; to: string; suppression: string; rows: BoardPackRow[] }> {
    const { t, byOutcome, bySource, byGrade } = await this.rows.counts(from, to);
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
