import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../../../audit/audit.service';
import { Actor } from '../../../auth/actor';
import { AnnexAChildRow, AnnexAReferralRow, csvLine, LIST_1_HEADINGS, LIST_3_HEADINGS, list1Line, list3Line } from '../domain/annex-a';
import { ANNEX_A_BATCH, annexA, AnnexAQuery, AnnexACursors } from '../persistence/annex-a.repository';

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
    private readonly cursors: AnnexACursors,
    private readonly audit: AuditService,
  ) {}

  async list1(actor: Actor, from: Date, to: Date, res: Response): Promise<void> {
    await this.audit.recordRead(actor, 'annex_a', 'list-1', { from: from.toISOString(), to: to.toISOString() });
    await this.stream(res, 'annex-a-list-1', LIST_1_HEADINGS, annexA.list1(from, to), (r: RawChild) => list1Line(toChild(r)));
  }

  /**
   * List 3: a referral is a child whose current (final) decision is one of REFERRAL_OUTCOMES; the
   * referral date is when the contact was received. "Number of Referrals in Last 12 Months": the
   * same child's (person index) other referrals received in the 12 months up to this one, the
   * boundary day included, this one excluded.
   */
  async list3(actor: Actor, from: Date, to: Date, res: Response): Promise<void> {
    await this.audit.recordRead(actor, 'annex_a', 'list-3', { from: from.toISOString(), to: to.toISOString() });
    await this.stream(res, 'annex-a-list-3', LIST_3_HEADINGS, annexA.list3(from, to), (r: RawReferral) => {
      const row: AnnexAReferralRow = { ...toChild(r), disability: r.disability, previousReferrals12Months: r.previous, allocatedTeam: r.team, allocatedWorker: r.worker };
      return list3Line(row);
    });
  }

  private async stream<R>(res: Response, name: string, headings: readonly string[], query: AnnexAQuery, line: (row: R) => string[]): Promise<void> {
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      await this.cursors.read<R>(query, async (fetch) => {
        res.status(200);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
        res.write(csvLine(headings));
        for (;;) {
          const rows = await fetch();
          if (closed) break;
          if (rows.length) {
            const ok = res.write(rows.map((r) => csvLine(line(r))).join(''));
            if (!ok) await new Promise((resolve) => res.once('drain', resolve));
          }
          if (rows.length < ANNEX_A_BATCH) break;
        }
      });
    } catch (error) {
      this.logger.error({ export: name, err: (error as Error).message }, 'Annex A export failed');
      if (!res.headersSent) throw error;
      res.destroy();
      return;
    }
    res.end();
  }
}

function toChild(r: RawChild): AnnexAChildRow {
  return { childId: r.child_id, sex: r.sex, dateOfBirth: r.date_of_birth, expectedDeliveryDate: r.expected_delivery_date, eventDate: r.event_date, source: r.source };
}
