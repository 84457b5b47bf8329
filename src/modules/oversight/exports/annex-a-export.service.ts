import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../audit/audit.service';
import { Actor } from '../../../auth/actor';
import { AnnexAChildRow, AnnexAReferralRow, csvLine, LIST_1_HEADINGS, LIST_3_HEADINGS, list1Line, list3Line, REFERRAL_OUTCOMES } from '../domain/annex-a';

const FETCH = 500;

/** Dates are inlined as literals built from validated Date objects (DECLARE CURSOR takes no bind parameters). */
const ts = (d: Date) => `'${d.toISOString()}'::timestamptz`;
const LONDON_DATE = (col: string) => `to_char(${col} AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`;

interface RawChild {
  child_id: string;
  sex: string;
  date_of_birth: string | null;
  expected_delivery_date: string | null;
  event_date: string;
  source: string | null;
}
interface RawReferral extends RawChild {
  disability: string | null;
  previous: number;
  team: string | null;
  worker: string | null;
}

/**
 * Ofsted Annex A lists 1 and 3 as CSV (SPEC MGT-3), streamed: rows come from a Postgres cursor in
 * batches and are written to the response as they arrive, so a year of contacts never sits in memory.
 * "Child Unique ID" is the person-index id when the child is linked, else the contact-subject id.
 */
@Injectable()
export class AnnexAExportService {
  private readonly logger = new Logger(AnnexAExportService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list1(actor: Actor, from: Date, to: Date, res: Response): Promise<void> {
    const sql = `SELECT coalesce(s.person_id, s.id)::text AS child_id, s.sex, s.date_of_birth::text AS date_of_birth,
                        s.expected_delivery_date::text AS expected_delivery_date, ${LONDON_DATE('c.received_at')} AS event_date,
                        c.referral_source AS source
                   FROM contact c JOIN contact_subject s ON s.contact_id = c.id
                  WHERE c.received_at >= ${ts(from)} AND c.received_at < ${ts(to)}
                  ORDER BY c.received_at, c.id, s.position`;
    await this.audit.recordRead(actor, 'annex_a', 'list-1', { from: from.toISOString(), to: to.toISOString() });
    await this.stream(res, 'annex-a-list-1', LIST_1_HEADINGS, sql, (r: RawChild) => list1Line(toChild(r)));
  }

  /**
   * List 3: a referral is a child whose current (final) decision is one of REFERRAL_OUTCOMES; the
   * referral date is when the contact was received. "Number of Referrals in Last 12 Months": the
   * same child's (person index) other referrals received in the 12 months up to this one, the
   * boundary day included, this one excluded.
   */
  async list3(actor: Actor, from: Date, to: Date, res: Response): Promise<void> {
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
    await this.audit.recordRead(actor, 'annex_a', 'list-3', { from: from.toISOString(), to: to.toISOString() });
    await this.stream(res, 'annex-a-list-3', LIST_3_HEADINGS, sql, (r: RawReferral) => {
      const row: AnnexAReferralRow = { ...toChild(r), disability: r.disability, previousReferrals12Months: r.previous, allocatedTeam: r.team, allocatedWorker: r.worker };
      return list3Line(row);
    });
  }

  private async stream<R>(res: Response, name: string, headings: readonly string[], sql: string, line: (row: R) => string[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`DECLARE annex_a NO SCROLL CURSOR FOR ${sql}`);
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      res.write(csvLine(headings));
      for (;;) {
        const rows: R[] = await runner.query(`FETCH ${FETCH} FROM annex_a`);
        if (closed) break;
        if (rows.length) {
          const ok = res.write(rows.map((r) => csvLine(line(r))).join(''));
          if (!ok) await new Promise((resolve) => res.once('drain', resolve));
        }
        if (rows.length < FETCH) break;
      }
      await runner.query('CLOSE annex_a');
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      this.logger.error({ export: name, err: (error as Error).message }, 'Annex A export failed');
      if (!res.headersSent) throw error;
      res.destroy();
      return;
    } finally {
      await runner.release();
    }
    res.end();
  }
}

function toChild(r: RawChild): AnnexAChildRow {
  return { childId: r.child_id, sex: r.sex, dateOfBirth: r.date_of_birth, expectedDeliveryDate: r.expected_delivery_date, eventDate: r.event_date, source: r.source };
}
