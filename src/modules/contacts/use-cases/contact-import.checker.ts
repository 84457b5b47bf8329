import { auditEventRow } from '../../../audit/audit-row';
import { SYSTEM_ACTOR } from '../../../auth/actor';
import { InvalidInputException, RuleBreak } from '../../../common/errors';
import { londonDate } from '../../../common/london-date';
import { plainAcceptance } from '../../../common/plain-acceptance';
import { sha256Hex } from '../../../common/sha256';
import { timeOrderedUuids } from '../../../common/time-ordered-uuid';
import { createValidationPipe } from '../../../common/validation';
import type { CinCodeLists } from '../domain/code-lists';
import { checkContact } from '../domain/contact-rules';
import { defaultPublicReferralSource, defaultReferralSourceForAgency, isPublicReferrerType } from '../domain/referrer-type';
import { ImportContactDto } from '../dto/import-contact.dto';
import { NewContact, toContactRows } from '../persistence/contact-rows';
import { ImportBatchText, ImportBatchTextBuilder } from '../persistence/import-copy-text';

export interface ImportCheckSetup {
  /** Names the legacy system: its references are unique within it. */
  system: string;
  codes: CinCodeLists;
}

export interface RefusedLine {
  line: number;
  details: RuleBreak[];
}

/** A batch of lines, checked: what was refused, and the contacts of the other lines ready to write. */
export interface CheckedBatch {
  refused: RefusedLine[];
  /** Of each contact, in order: its legacy reference, the hash of its line, and the year it was received in England (its reference's year). */
  keys: string[];
  hashes: string[];
  years: number[];
  text: ImportBatchText;
}

/**
 * Checks the lines of a legacy import as the intake API checks a new contact (the same validation
 * pipe and the same rules, dated on the day each was received), and makes the rows of the good ones
 * as intake makes them (toContactRows: with every child in the household as a subject, SPEC INT-4),
 * each with its audit event, as COPY text. Pure work on the lines, no database: the import runs it in
 * worker threads (contact-import.thread.ts) beside the writing, or in its own thread.
 */
export class ContactImportChecker {
  private readonly pipe = createValidationPipe();
  /** The pipe's answer for most lines without its cost per line (common/plain-acceptance.ts); the pipe judges the rest. */
  private readonly acceptedAsIs = plainAcceptance(ImportContactDto);
  /** Ids in the order rows are made, so that Postgres adds them at the end of each index (about half its work for an import). */
  private readonly newId = timeOrderedUuids();

  constructor(private readonly setup: ImportCheckSetup) {}

  /** `lines` numbered from `firstLine` (blank ones are passed over), checked as of `now`. */
  async checkBatch(lines: readonly string[], firstLine: number, now: Date): Promise<CheckedBatch> {
    const checked: Omit<CheckedBatch, 'text'> = { refused: [], keys: [], hashes: [], years: [] };
    const text = new ImportBatchTextBuilder();
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!/\S/.test(line)) continue;
      const result = await this.check(line, now);
      if ('details' in result) {
        checked.refused.push({ line: firstLine + i, details: result.details });
        continue;
      }
      const { contact, contactDate } = result;
      text.add(
        toContactRows(contact, contactDate, this.newId),
        auditEventRow(
          SYSTEM_ACTOR,
          {
            action: 'contact.imported', entityType: 'contact', entityId: contact.id,
            summary: {
              system: this.setup.system, channel: contact.channel, referrerType: contact.referrerType, receivedAt: contact.receivedAt.toISOString(),
              subjects: contact.subjects.length, household: contact.household.length, concerns: contact.concerns.length,
            },
          },
          undefined,
          this.newId(),
        ),
      );
      checked.keys.push(contact.idempotencyKey!);
      checked.hashes.push(contact.requestHash);
      checked.years.push(Number(contactDate.slice(0, 4)));
    }
    return { ...checked, text: text.finish() };
  }

  /** One line, checked: the contact it describes and the day it was received in England, or what is wrong with it. */
  private async check(line: string, now: Date): Promise<{ contact: NewContact; contactDate: string } | { details: RuleBreak[] }> {
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
    if (receivedAt > now) breaks.push({ field: 'receivedAt', rule: 'notInFuture', message: 'receivedAt cannot be in the future' });
    // References are numbered per year from 2000 on (domain/reference.ts).
    if (receivedAt.getUTCFullYear() < 2000) breaks.push({ field: 'receivedAt', rule: 'from2000', message: 'receivedAt must be in 2000 or later' });
    const contactDate = londonDate(receivedAt);
    breaks.push(
      ...checkContact(dto, {
        contactDate, kind: dto.channel === 'public' ? 'public' : 'professional',
        referralSources: this.setup.codes.referralSources, cinFactorCodes: this.setup.codes.cinFactorCodes,
      }),
    );
    if (breaks.length) return { details: breaks };
    const anonymous = dto.referrerType === 'anonymous';
    const contact: NewContact = {
      id: this.newId(), channel: dto.channel, receivedAt, submittedByUserId: null, submittedByAgencyId: null, referrerType: dto.referrerType, anonymous,
      referralSource: dto.referralSource ?? (isPublicReferrerType(dto.referrerType) ? defaultPublicReferralSource(anonymous, dto.referrerType) : defaultReferralSourceForAgency(null, dto.channel)),
      referrerView: dto.referrerView, consent: dto.consent, referrer: dto.referrer ?? null, trackingTokenHash: null,
      idempotencyScope: `import:${this.setup.system}`, idempotencyKey: dto.legacyReference,
      // The line as the legacy system wrote it (hashing the parsed body with sorted keys, as intake does, cost a tenth of the import).
      requestHash: sha256Hex(line),
      subjects: dto.subjects, household: dto.household ?? [], concerns: dto.concerns, evidence: dto.evidence ?? [],
    };
    return { contact, contactDate };
  }
}
