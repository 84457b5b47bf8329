import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REFERRAL_OUTCOMES } from '../domain/annex-a';

/** Rows per FETCH: a batch is read only when the previous one has been written. */
export const ANNEX_A_BATCH = 500;

/** Dates are inlined as literals built from validated Date objects (DECLARE CURSOR takes no bind parameters). */
const ts = (d: Date) => `'${d.toISOString()}'::timestamptz`;
const LONDON_DATE = (col: string) => `to_char(${col} AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`;

/** A statement for the Annex A cursor; built only here, from validated dates. */
export type AnnexAQuery = { readonly sql: string };

/** The Annex A lists' statements (SPEC MGT-3). "Child Unique ID" is the person-index id when linked, else the contact-subject id. */
export const annexA = {
  list1(from: Date, to: Date): AnnexAQuery {
    const sql = `SELECT coalesce(s.person_id, s.id)::text AS child_id, s.sex, s.date_of_birth::text AS date_of_birth,
                        s.expected_delivery_date::text AS expected_delivery_date, ${LONDON_DATE('c.received_at')} AS event_date,
                        c.referral_source AS source
                   FROM contact c JOIN contact_subject s ON s.contact_id = c.id
                  WHERE c.received_at >= ${ts(from)} AND c.received_at < ${ts(to)}
                  ORDER BY c.received_at, c.id, s.position`;
    return { sql };
  },

  /**
   * List 3: a referral is a child whose current (final) decision is one of REFERRAL_OUTCOMES; the
   * referral date is when the contact was received. "Number of Referrals in Last 12 Months": the
   * same child's (person index) other referrals received in the 12 months up to this one, the
   * boundary day included, this one excluded.
   */
  list3(from: Date, to: Date): AnnexAQuery {
    const outcomes = REFERRAL_OUTCOMES.map((o) => `'${o}'`).join(', ');
    const sql = `WITH ref AS (
                   SELECT s.id AS subject_id, s.person_id, c.received_at
                     FROM threshold_decision d JOIN contact_subject s ON s.id = d.subject_id JOIN contact c ON c.id = d.contact_id
                    WHERE d.status = 'final' AND d.outcome IN (${outcomes}))
                 SELECT coalesce(s.person_id, s.id)::text AS child_id, s.sex, s.date_of_birth::text AS date_of_birth,
                        s.expected_delivery_date::text AS expected_delivery_date, ${LONDON_DATE('r.received_at')} AS event_date,
                        c.referral_source AS source, s.disability,
                        (SELECT count(*)::int FROM ref p
                          WHERE r.person_id IS NOT NULL AND p.person_id = r.person_id AND p.subject_id <> r.subject_id
                            AND p.received_at >= r.received_at - interval '12 months' AND p.received_at <= r.received_at) AS previous,
                        g.name AS team, u.name AS worker
                   FROM ref r JOIN contact_subject s ON s.id = r.subject_id JOIN contact c ON c.id = s.contact_id
                   LEFT JOIN contact_triage t ON t.contact_id = c.id
                   LEFT JOIN app_user u ON u.id = t.assigned_to_user_id LEFT JOIN agency g ON g.id = u.agency_id
                  WHERE r.received_at >= ${ts(from)} AND r.received_at < ${ts(to)}
                  ORDER BY r.received_at, s.id`;
    return { sql };
  },
};

/**
 * Reads an Annex A list through a Postgres cursor in one REPEATABLE READ transaction, so a year of
 * contacts never sits in memory: `work` pulls ANNEX_A_BATCH rows at a time with `fetch` and may stop
 * early. The transaction always ends and the connection always goes back to the pool.
 */
@Injectable()
export class AnnexACursors {
  constructor(private readonly dataSource: DataSource) {}

  async read<R>(query: AnnexAQuery, work: (fetch: () => Promise<R[]>) => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`DECLARE annex_a NO SCROLL CURSOR FOR ${query.sql}`);
      await work(() => runner.query(`FETCH ${ANNEX_A_BATCH} FROM annex_a`));
      await runner.query('CLOSE annex_a');
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
