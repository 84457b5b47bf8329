import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { auditEventRow } from '../../../audit/audit-row';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { RuleBreak, InvalidInputException } from '../../../common/errors';
import { plainAcceptance } from '../../../common/plain-acceptance';
import { createValidationPipe } from '../../../common/validation';
import { CIN_CODE_LISTS } from '../code-lists.provider';
import { londonDate, londonYear } from '../../../common/london-date';
import { contactReference } from '../domain/reference';
import type { CinCodeLists } from '../domain/code-lists';
import { checkContact } from '../domain/contact-rules';
import { defaultPublicReferralSource, defaultReferralSourceForAgency, isPublicReferrerType } from '../domain/referrer-type';
import { ImportContactDto } from '../dto/import-contact.dto';
import { NewContact, toContactRows } from '../persistence/contact-rows';
import { ContactImportRepository } from '../persistence/contact-import.repository';
import { ReferenceSequences } from '../persistence/reference-sequence.repository';

export interface ImportOptions {
  /** Names the legacy system: its references are unique within it. */
  system: string;
  /** Contacts written per statement. */
  batchSize?: number;
  /** Told of each line refused, as soon as it is: its number and what is wrong (field and rule, never the value). */
  onRejected?: (line: number, details: RuleBreak[]) => void;
}

export interface ImportReport {
  /** Non-blank lines read. */
  read: number;
  imported: number;
  /** Lines whose legacy reference was imported before (an import run again). */
  alreadyImported: number;
  /** Of those, lines that differ from the one first imported: left as first imported, for a person to look at. */
  changedSinceImported: number;
  rejected: number;
}

/** Batches written at once, each on its own connection: Postgres writes on one core while the next is written on the other and lines are checked. */
const WRITERS = 2;

interface Prepared {
  contact: NewContact;
  reference?: string;
}

/**
 * Imports historical contacts from a legacy system (SPEC PERF-6), one JSON object a line (NDJSON,
 * shape in ImportContactDto). Each line is checked as the intake API checks a new contact (the same
 * validation pipe and the same rules, dated on the day it was received); a line that fails is
 * reported with its number and written nowhere. Good lines are written in batches, each batch in one
 * transaction (ContactImportRepository.writeBatch), two at once while the next is being checked; a
 * line is only in one batch, so it is written whole or not at all. Imported contacts are `historical`:
 * never triaged, linked to the person index by the worker's history-linking sweep (people module)
 * so their history counts.
 * Running the same file again imports nothing twice.
 */
@Injectable()
export class ContactImportService {
  private readonly pipe = createValidationPipe();
  /** The pipe's answer for most lines without its cost per line (common/plain-acceptance.ts); the pipe judges the rest. */
  private readonly acceptedAsIs = plainAcceptance(ImportContactDto);

  constructor(
    private readonly rows: ContactImportRepository,
    private readonly sequences: ReferenceSequences,
    @Inject(CIN_CODE_LISTS) private readonly codes: CinCodeLists,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async run(lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportReport> {
    const report: ImportReport = { read: 0, imported: 0, alreadyImported: 0, changedSinceImported: 0, rejected: 0 };
    const size = options.batchSize ?? 1000;
    let batch: Prepared[] = [];
    const writing = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    const flush = async (full: Prepared[]) => {
      while (writing.size >= WRITERS) await Promise.race(writing);
      if (failure) throw failure.error;
      const written: Promise<void> = this.write(full, options.system)
        .then(
          ({ imported, changed }) => {
            report.imported += imported;
            report.alreadyImported += full.length - imported;
            report.changedSinceImported += changed;
          },
          // Kept until the next flush or the end rethrows it: a rejection nobody awaits would end the process.
          (error: unknown) => void (failure ??= { error }),
        )
        .finally(() => writing.delete(written));
      writing.add(written);
    };
    try {
      let lineNo = 0;
      for await (const line of lines) {
        lineNo++;
        if (!line.trim()) continue;
        report.read++;
        const checked = await this.check(line, options.system);
        if ('details' in checked) {
          report.rejected++;
          options.onRejected?.(lineNo, checked.details);
          continue;
        }
        batch.push(checked);
        if (batch.length >= size) {
          await flush(batch);
          batch = [];
        }
      }
      if (batch.length) await flush(batch);
    } finally {
      // Stopped or done, nothing is left being written: what is in the database when this returns or throws stays so.
      await Promise.all(writing);
    }
    if (failure) throw failure.error;
    return report;
  }

  /** One line, checked: the contact it describes, or what is wrong with it. */
  private async check(line: string, system: string): Promise<Prepared | { details: RuleBreak[] }> {
    let body: unknown;
    try {
      body = JSON.parse(line);
    } catch {
      return { details: [{ field: '(line)', rule: 'json', message: 'The line is not valid JSON' }] };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return { details: [{ field: '(line)', rule: 'object', message: 'The line must be one JSON object' }] };
    }
    let dto: ImportContactDto;
    if (this.acceptedAsIs(body)) dto = body as ImportContactDto;
    else {
      try {
        dto = await this.pipe.transform(body, { type: 'body', metatype: ImportContactDto });
      } catch (error) {
        if (error instanceof InvalidInputException) return { details: error.details };
        throw error;
      }
    }
    const receivedAt = new Date(dto.receivedAt);
    const breaks: RuleBreak[] = [];
    if (receivedAt > this.now()) breaks.push({ field: 'receivedAt', rule: 'notInFuture', message: 'receivedAt cannot be in the future' });
    // References are numbered per year from 2000 on (domain/reference.ts).
    if (receivedAt.getUTCFullYear() < 2000) breaks.push({ field: 'receivedAt', rule: 'from2000', message: 'receivedAt must be in 2000 or later' });
    breaks.push(
      ...checkContact(dto, {
        contactDate: londonDate(receivedAt), kind: dto.channel === 'public' ? 'public' : 'professional',
        referralSources: this.codes.referralSources, cinFactorCodes: this.codes.cinFactorCodes,
      }),
    );
    if (breaks.length) return { details: breaks };
    const anonymous = dto.referrerType === 'anonymous';
    const contact: NewContact = {
      id: randomUUID(), channel: dto.channel, receivedAt, submittedByUserId: null, submittedByAgencyId: null, referrerType: dto.referrerType, anonymous,
      referralSource: dto.referralSource ?? (isPublicReferrerType(dto.referrerType) ? defaultPublicReferralSource(anonymous, dto.referrerType) : defaultReferralSourceForAgency(null, dto.channel)),
      referrerView: dto.referrerView, consent: dto.consent, referrer: dto.referrer ?? null, trackingTokenHash: null,
      idempotencyScope: `import:${system}`, idempotencyKey: dto.legacyReference,
      // The line as the legacy system wrote it (hashing the parsed body with sorted keys, as intake does, cost a tenth of the import).
      requestHash: createHash('sha256').update(line).digest('hex'),
      subjects: dto.subjects, household: dto.household ?? [], concerns: dto.concerns, evidence: dto.evidence ?? [],
    };
    return { contact };
  }

  /** Writes one batch in one statement; returns how many of its contacts were new, and how many skipped ones differ. */
  private async write(batch: Prepared[], system: string): Promise<{ imported: number; changed: number }> {
    await this.reference(batch);
    // Dated on the day each was received, as intake dates a new contact: every child then in the household is a subject too (SPEC INT-4).
    const rows = batch.map((p) => toContactRows(p.contact, londonDate(p.contact.receivedAt)));
    const body = {
      contacts: rows.map((r, i) => ({ ...r.contact, reference: batch[i].reference })),
      referrer: rows.flatMap((r) => r.referrer),
      subjects: rows.flatMap((r) => r.subjects),
      household: rows.flatMap((r) => r.household),
      concerns: rows.flatMap((r) => r.concerns),
      evidence: rows.flatMap((r) => r.evidence),
      audit: batch.map(({ contact: c }) =>
        auditEventRow(SYSTEM_ACTOR, {
          action: 'contact.imported', entityType: 'contact', entityId: c.id,
          summary: { system, channel: c.channel, referrerType: c.referrerType, receivedAt: c.receivedAt.toISOString(), subjects: c.subjects.length, household: c.household.length, concerns: c.concerns.length },
        }),
      ),
    };
    return this.rows.writeBatch(body);
  }

  /** Gives each contact of the batch a reference from the sequence of the year it was received (SPEC INT-7). */
  private async reference(batch: Prepared[]): Promise<void> {
    const byYear = new Map<number, Prepared[]>();
    for (const p of batch) {
      const year = londonYear(p.contact.receivedAt);
      (byYear.get(year) ?? byYear.set(year, []).get(year)!).push(p);
    }
    for (const [year, contacts] of byYear) {
      const sequence = await this.sequences.ensure(year);
      const numbers = await this.rows.nextReferences(sequence, contacts.length);
      contacts.forEach((p, i) => (p.reference = contactReference(year, numbers[i])));
    }
  }
}
