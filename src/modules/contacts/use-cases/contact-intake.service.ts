import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../auth/actor';
import { RuleViolationException } from '../../../common/errors';
import { metrics } from '../../../health/metrics';
import { jobId, QUEUES } from '../../../queue/queue-names';
import { CIN_CODE_LISTS } from '../code-lists.provider';
import { londonDate, londonYear } from '../../../common/london-date';
import type { CinCodeLists } from '../domain/code-lists';
import type { RuleBreak } from '../../../common/rule-break';
import { checkContact } from '../domain/contact-rules';
import { requestHash } from '../domain/request-hash';
import {
  defaultPublicReferralSource, defaultReferralSourceForAgency, mayUseChannel, referrerTypeForPublic, referrerTypeForRole, SubmitterRole,
} from '../domain/referrer-type';
import { hashTrackingToken, newTrackingToken } from '../domain/tracking-token';
import type { CreateContactDto, CreatePublicContactDto } from '../dto/create-contact.dto';
import { AgencyTypes } from '../persistence/agency-type.repository';
import { auditEventRow } from '../../../audit/audit-row';
import { AuditService } from '../../../audit/audit.service';
import { UnitOfWork } from '../../../database/unit-of-work';
import { ContactIntakeRepository, StoredContact } from '../persistence/contact-intake.repository';
import { NewContact, toContactRows } from '../persistence/contact-rows';
import { ReferenceSequences } from '../persistence/reference-sequence.repository';
import { keyReusedWithDifferentBody, readIdempotencyKey } from './idempotency';

export interface ProfessionalReceipt {
  id: string;
  reference: string;
  status: 'received';
  receivedAt: string;
  /** An identical contact from you in the previous 10 minutes, linked (never merged) as a possible duplicate. */
  possibleDuplicateOfId: string | null;
}

export interface PublicReceipt {
  reference: string;
  /** Shown once: keep it to check progress and add information. Null on an idempotent retry (see trackingTokenNote). */
  trackingToken: string | null;
  receivedAt: string;
  trackingTokenNote?: string;
}

export interface Receipt<T> {
  body: T;
  /** True when an earlier request with the same Idempotency-Key and body is being answered again. */
  replayed: boolean;
}

type Stored = StoredContact;

/** Shorter keys are too easy to guess to hand a new token out for (a UUID has 36 characters). */
export const TOKEN_REISSUE_MIN_KEY_LENGTH = 16;

const TOKEN_REISSUED =
  'This is a repeat of an earlier request. Tokens are stored only in a form that cannot be turned back into them, so this is a new tracking token: it replaces the one given before, which no longer works.';
const TOKEN_SHOWN_ONCE =
  'This is a repeat of an earlier request. The tracking token was shown once, in the answer to that request, and is stored only in a form that cannot be turned back into it. A new one is given only to a repeat whose Idempotency-Key has at least 16 characters.';

/**
 * Receives contacts (SPEC INT-1 to INT-9). A 201 means the contact, its audit event and two outbox
 * rows (triage, acknowledgement) committed together, in one statement; the worker's relay queues the jobs, so Redis
 * being down delays triage but never loses a contact.
 */
@Injectable()
export class ContactIntakeService {
  constructor(
    private readonly rows: ContactIntakeRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly sequences: ReferenceSequences,
    private readonly agencyTypes: AgencyTypes,
    @Inject(CIN_CODE_LISTS) private readonly codes: CinCodeLists,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async createProfessional(actor: Actor, dto: CreateContactDto, keyHeader?: string | string[]): Promise<Receipt<ProfessionalReceipt>> {
    const key = readIdempotencyKey(keyHeader);
    const role = actor.role as SubmitterRole;
    const receivedAt = this.now();
    const breaks = this.check(dto, 'professional', receivedAt);
    if (!mayUseChannel(role, dto.channel)) {
      breaks.unshift({ field: 'channel', rule: 'INT-1.channel-role', message: `A ${role} cannot record a ${dto.channel} contact` });
    }
    this.refuse(breaks);
    const referrerType = referrerTypeForRole(role);
    const referralSource = dto.referralSource ?? defaultReferralSourceForAgency(await this.agencyTypes.typeOf(actor.agencyId), dto.channel);
    const contact = this.draft(dto, {
      channel: dto.channel, receivedAt, submittedByUserId: actor.userId, submittedByAgencyId: actor.agencyId, referrerType, anonymous: false,
      referralSource, referrer: dto.referrer ?? null, trackingTokenHash: null, idempotencyScope: actor.userId!, idempotencyKey: key,
      requestHash: requestHash('professional', dto), socialCareAttended: dto.socialCareAttended ?? null,
    });
    const { row, replayed } = await this.store(actor, contact);
    return {
      replayed,
      body: { id: row.id, reference: row.reference, status: 'received', receivedAt: row.received_at.toISOString(), possibleDuplicateOfId: row.possible_duplicate_of_id },
    };
  }

  /**
   * Public contacts. The Idempotency-Key is scoped to the key alone (the body hash tells a retry from a
   * misuse): an IP address is shared by whole households and offices and changes on mobile networks.
   */
  async createPublic(actor: Actor, dto: CreatePublicContactDto, keyHeader?: string | string[]): Promise<Receipt<PublicReceipt>> {
    const key = readIdempotencyKey(keyHeader);
    const receivedAt = this.now();
    const breaks = this.check(dto, 'public', receivedAt);
    const r = dto.referrer;
    const identified = !!(r?.name?.trim() || r?.phone?.trim() || r?.email?.trim());
    if (dto.anonymous === true && identified) {
      breaks.unshift({ field: 'anonymous', rule: 'INT-2.anonymous-with-identity', message: 'You chose to stay anonymous but gave your name or contact details: leave them out, or untick anonymous' });
    }
    this.refuse(breaks);
    const anonymous = dto.anonymous === true || !identified;
    const referrerType = referrerTypeForPublic(anonymous, r?.relationship);
    const token = newTrackingToken();
    const contact = this.draft(dto, {
      channel: 'public', receivedAt, submittedByUserId: null, submittedByAgencyId: null, referrerType, anonymous,
      referralSource: dto.referralSource ?? defaultPublicReferralSource(anonymous, referrerType),
      referrer: r && (identified || r.relationshipToChild) ? { name: r.name, phone: r.phone, email: r.email, relationshipToChild: r.relationshipToChild } : null,
      trackingTokenHash: hashTrackingToken(token), idempotencyScope: 'public', idempotencyKey: key, requestHash: requestHash('public', dto),
    });
    const { row, replayed } = await this.store(actor, contact);
    if (!replayed) return { replayed, body: { reference: row.reference, trackingToken: token, receivedAt: row.received_at.toISOString() } };
    // A retry whose first answer was lost (INT-7, INT-8): only a hash of the first token is stored, so
    // the caller gets a new one that replaces it. Holding the key and the very same body is what
    // proves the caller sent the first request; a short key is not proof enough.
    if (key === null || key.length < TOKEN_REISSUE_MIN_KEY_LENGTH) {
      return { replayed, body: { reference: row.reference, trackingToken: null, receivedAt: row.received_at.toISOString(), trackingTokenNote: TOKEN_SHOWN_ONCE } };
    }
    const reissued = newTrackingToken();
    await this.uow.run(async (em) => {
      await this.rows.replaceTrackingToken(em, row.id, hashTrackingToken(reissued));
      await this.audit.record(em, actor, { action: 'contact.tracking-token-reissued', entityType: 'contact', entityId: row.id, summary: { reason: 'idempotent retry' } });
    });
    return { replayed, body: { reference: row.reference, trackingToken: reissued, receivedAt: row.received_at.toISOString(), trackingTokenNote: TOKEN_REISSUED } };
  }

  private check(dto: CreateContactDto | CreatePublicContactDto, kind: 'professional' | 'public', receivedAt: Date): RuleBreak[] {
    return checkContact(dto, {
      contactDate: londonDate(receivedAt), kind, referralSources: this.codes.referralSources, cinFactorCodes: this.codes.cinFactorCodes,
    });
  }

  private refuse(breaks: RuleBreak[]): void {
    if (breaks.length) throw new RuleViolationException('The contact cannot be accepted as it is: see details', breaks);
  }

  private draft(
    dto: CreateContactDto | CreatePublicContactDto,
    fields: Omit<NewContact, 'id' | 'referrerView' | 'consent' | 'subjects' | 'household' | 'concerns' | 'evidence'>,
  ): NewContact {
    return {
      id: randomUUID(), ...fields, referrerView: dto.referrerView, consent: dto.consent, subjects: dto.subjects, household: dto.household ?? [],
      concerns: dto.concerns, evidence: dto.evidence ?? [],
    };
  }

  /**
   * The contact's rows, its audit event and the outbox rows for triage and acknowledgement, written by
   * one statement (see insertContactSql), committed with those of the contacts arriving at the same
   * time (ContactIntakeRepository). The rows are those AuditService and OutboxService write; they are
   * built here because a second and third round trip would cost a third of intake's throughput
   * (bench/intake).
   */
  private async store(actor: Actor, contact: NewContact): Promise<{ row: Stored; replayed: boolean }> {
    const year = londonYear(contact.receivedAt);
    const sequence = await this.sequences.ensure(year);
    const audit = auditEventRow(actor, {
      action: 'contact.created', entityType: 'contact', entityId: contact.id,
      summary: {
        channel: contact.channel, referrerType: contact.referrerType, referralSource: contact.referralSource, subjects: contact.subjects.length,
        household: contact.household.length, concerns: contact.concerns.length, evidence: contact.evidence.length, idempotencyKey: contact.idempotencyKey !== null,
      },
    }, contact.receivedAt);
    const outbox = [
      { queue: QUEUES.triage, job_name: 'contact.received', job_id: jobId('triage', contact.id), payload: { contactId: contact.id } },
      { queue: QUEUES.feedback, job_name: 'acknowledge', job_id: jobId('ack', contact.id), payload: { contactId: contact.id } },
    ];
    const created = await this.rows.insert(year, sequence, { ...toContactRows(contact, londonDate(contact.receivedAt)), audit: [audit], outbox });
    if (created) {
      metrics.contactsReceived.labels(contact.channel).inc();
      return { row: created, replayed: false };
    }
    return { row: await this.earlier(contact), replayed: true };
  }

  /** The contact an Idempotency-Key made before; the same key with another body is refused (422). */
  private async earlier(contact: NewContact): Promise<Stored> {
    const row = await this.rows.earlier(contact.idempotencyScope, contact.idempotencyKey);
    if (!row) throw new Error('idempotency conflict without a stored contact');
    if (row.request_hash !== contact.requestHash) throw keyReusedWithDifferentBody();
    return row;
  }
}
