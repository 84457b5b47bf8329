import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { OutboxService } from '../../queue/outbox.service';
import { inAllowListedDomain, signInNotice } from './domain/recipient-check';
import type { DeliveryPolicy } from './domain/retry-policy';
import { sendJob } from './jobs/mail-jobs';
import { OutboundMessage } from './persistence/outbound-message.entity';
import { NewOutboundMessage, OutboundMessageRepository, QueuedRow, RecipientFacts } from './persistence/outbound-message.repository';

export type { OutboundMessage } from './persistence/outbound-message.entity';
export type { DeliveryPolicy } from './domain/retry-policy';

/** Eight attempts a round, the waits BullMQ's exponential backoff used to give (1 s doubling). */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 8, backoffSeconds: [1, 2, 4, 8, 16, 32, 64] };

export interface QueuedMessage {
  /** `<feature>.<kind>`, e.g. `step_down.notice`; delivery is audited as `<feature>.message_*`. */
  purpose: string;
  aboutType: string;
  aboutId: string;
  audience: string;
  dedupeKey: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  /**
   * Who it goes to. An account: its own address (`recipientAccountId`, the address is looked up).
   * An agency's registered address: `recipientAgencyId` with that address. Otherwise the address
   * someone typed (`recipientEmail`). None: stored as `no_address`, nothing to send.
   */
  recipientAccountId?: string | null;
  recipientEmail?: string | null;
  recipientAgencyId?: string | null;
  recipientRef?: string | null;
  /**
   * Marks the message as case content (SPEC SEC-2) and names the reference an unverified recipient
   * is told to sign in for or quote: such a recipient gets that notice, never the content.
   */
  caseReference?: string;
  /** Not sent: `failed` waits for a person (e.g. an address that looks wrong), `no_address` records why nobody can be e-mailed. */
  unsent?: { status: 'failed' | 'no_address'; note: string };
  /** Attempts and backoff of a round; DEFAULT_DELIVERY_POLICY if not given. */
  policy?: DeliveryPolicy;
  /** The Message-ID's local part; the dedupe key if not given. Must not contain ':'. */
  messageIdLocal?: string;
  fromName?: string | null;
  headers?: Record<string, string>;
}

/**
 * The way into the outbound-mail pipeline: a feature queues rendered messages in its own
 * transaction, and the worker's MailDelivery sends each at most once. Whether case content may go
 * to the address is decided here, once, for every feature (domain/recipient-check.ts).
 */
@Injectable()
export class OutboundMail {
  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  /**
   * Queues the messages whose dedupe keys are new; returns how many will be sent and how many had no
   * address, and every message's row (new or already there) by dedupe key.
   */
  async queue(em: EntityManager, messages: QueuedMessage[]): Promise<{ queued: number; noAddress: number; rows: Map<string, OutboundMessage> }> {
    const { queued, noAddress } = await this.queueMany(em, messages);
    const all = await this.messages.byDedupeKeys(em, messages.map((m) => m.dedupeKey));
    return { queued, noAddress, rows: new Map(all.map((r) => [r.dedupeKey, r])) };
  }

  /**
   * Queues the messages whose dedupe keys are new, however many, in a fixed number of statements: one
   * read of what the recipient rule needs (none when no message names an account or agency or is
   * case content), one insert of the messages and one of their send jobs. Returns the rows inserted,
   * by dedupe key, with how many will be sent and how many had no address.
   */
  async queueMany(em: EntityManager, messages: QueuedMessage[]): Promise<{ queued: number; noAddress: number; inserted: Map<string, QueuedRow> }> {
    if (messages.length === 0) return { queued: 0, noAddress: 0, inserted: new Map() };
    const domain = this.config.mailFrom.split('@')[1]?.trim() || 'localhost';
    const now = this.now();
    const facts = await this.messages.recipientFacts(em, {
      accountIds: [...new Set(messages.flatMap((m) => (m.recipientAccountId ? [m.recipientAccountId] : [])))],
      agencyIds: [...new Set(messages.flatMap((m) => (!m.recipientAccountId && m.recipientAgencyId && typedAddress(m) ? [m.recipientAgencyId] : [])))],
      allowListed: messages.some((m) => !m.recipientAccountId && !!m.caseReference && !!typedAddress(m)),
    });
    const rows: (NewOutboundMessage & { status: OutboundMessage['status'] })[] = messages.map((m) => {
      const to = this.address(m, facts);
      const withheld = !!m.caseReference && !!to.email && !to.verified;
      const content = withheld ? signInNotice(m.caseReference!) : { subject: m.subject, text: m.bodyText, html: m.bodyHtml };
      const status = m.unsent?.status ?? (to.email ? 'pending' : 'no_address');
      const policy = m.policy ?? DEFAULT_DELIVERY_POLICY;
      return {
        purpose: m.purpose,
        aboutType: m.aboutType,
        aboutId: m.aboutId,
        audience: m.audience,
        dedupeKey: m.dedupeKey,
        recipientRef: m.recipientRef ?? null,
        recipientEmail: to.email,
        recipientAgencyId: m.recipientAgencyId ?? null,
        recipientAccountId: m.recipientAccountId ?? null,
        caseContentWithheld: withheld,
        subject: content.subject,
        bodyText: content.text,
        bodyHtml: content.html,
        fromName: m.fromName ?? null,
        headers: m.headers ?? {},
        messageId: `<${m.messageIdLocal ?? m.dedupeKey}@${domain}>`,
        attemptLimit: policy.maxAttempts,
        backoffSeconds: policy.backoffSeconds,
        nextAttemptAt: status === 'pending' ? now : null,
        lastError: m.unsent?.note ?? null,
        status,
      };
    });
    const inserted = await this.messages.insertNew(em, rows);
    const pending = inserted.filter((r) => r.status === 'pending');
    await this.outbox.add(em, ...pending.map((r) => sendJob(r.id, 1)));
    return { queued: pending.length, noAddress: inserted.filter((r) => r.status === 'no_address').length, inserted: new Map(inserted.map((r) => [r.dedupeKey, r])) };
  }

  /**
   * A new round of attempts for a failed message (same content and Message-ID), optionally to an
   * address MASH staff entered: a person checked it, so it counts as verified. Null when there is no
   * such message; false when it is not failed.
   */
  async resend(em: EntityManager, id: string, options: { recipientEmail?: string | null; policy?: DeliveryPolicy }): Promise<{ row: OutboundMessage; attempt: number } | null | false> {
    const row = await this.messages.lock(em, id);
    if (!row) return null;
    if (row.status !== 'failed') return false;
    const policy = options.policy ?? DEFAULT_DELIVERY_POLICY;
    const attempt = row.attempts + 1;
    const reopened = await this.messages.reopen(em, id, {
      recipientEmail: options.recipientEmail ?? row.recipientEmail,
      attemptLimit: row.attempts + policy.maxAttempts,
      nextAttemptAt: this.now(),
    });
    if (!reopened) return false;
    await this.outbox.add(em, sendJob(id, attempt));
    return { row: (await this.messages.findById(id, em))!, attempt };
  }

  /** The messages about records of one type (e.g. a strategy discussion's minutes), oldest first, with their delivery state. */
  about(em: EntityManager, aboutType: string, aboutIds: string | string[]): Promise<OutboundMessage[]> {
    return this.messages.about(em, aboutType, typeof aboutIds === 'string' ? [aboutIds] : aboutIds);
  }

  get(em: EntityManager, id: string): Promise<OutboundMessage | null> {
    return this.messages.findById(id, em);
  }

  /** For the dashboard: failed messages wait for a person; retrying ones are in backoff. */
  deliveryFigures(em: EntityManager, purposePrefix: string): Promise<{ failed: number; retrying: number; oldestFailedAt: Date | null }> {
    return this.messages.deliveryFigures(em, purposePrefix);
  }

  /**
   * Where a message goes and whether the address is verified (SEC-2): an account's own address is;
   * a typed address is when it is the named agency's registered one or in a domain that agency, or
   * any agency, allow-lists.
   */
  private address(m: QueuedMessage, facts: RecipientFacts): { email: string | null; verified: boolean } {
    if (m.recipientAccountId) {
      const own = facts.accounts.get(m.recipientAccountId);
      return { email: own?.trim().toLowerCase() || null, verified: true };
    }
    const email = typedAddress(m);
    if (!email) return { email: null, verified: false };
    if (m.recipientAgencyId) {
      const agency = facts.agencies.get(m.recipientAgencyId);
      if (agency?.email?.trim().toLowerCase() === email || inAllowListedDomain(email, agency?.emailDomains ?? [])) return { email, verified: true };
    }
    return { email, verified: inAllowListedDomain(email, facts.allowListed) };
  }
}

function typedAddress(m: QueuedMessage): string | null {
  return m.recipientEmail?.trim().toLowerCase() || null;
}
