import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { OutboxService } from '../../queue/outbox.service';
import { jobId, QUEUES } from '../../queue/queue-names';
import { OutboundMessage } from './persistence/outbound-message.entity';

export type { OutboundMessage } from './persistence/outbound-message.entity';
import { NewOutboundMessage, OutboundMessageRepository } from './persistence/outbound-message.repository';

export type QueuedMessage = Omit<NewOutboundMessage, 'messageId' | 'headers' | 'fromName' | 'recipientAgencyId' | 'recipientRef'> &
  Partial<Pick<NewOutboundMessage, 'headers' | 'fromName' | 'recipientAgencyId' | 'recipientRef'>>;

/**
 * The way into the outbound-mail pipeline: a feature queues rendered messages in its own
 * transaction, and the worker's MailDelivery sends each at most once. A message without an address
 * is stored as `no_address` and never queued.
 */
@Injectable()
export class OutboundMail {
  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues the messages whose dedupe keys are new; returns how many will be sent and how many had no address. */
  async queue(em: EntityManager, messages: QueuedMessage[]): Promise<{ queued: number; noAddress: number }> {
    const domain = this.config.mailFrom.split('@')[1]?.trim() || 'localhost';
    const inserted = await this.messages.insertNew(
      em,
      messages.map((m) => ({
        headers: {},
        fromName: null,
        recipientAgencyId: null,
        recipientRef: null,
        ...m,
        messageId: `<${m.dedupeKey}@${domain}>`,
        status: m.recipientEmail ? ('pending' as const) : ('no_address' as const),
      })),
    );
    const pending = inserted.filter((r) => r.status === 'pending');
    await this.outbox.add(em, ...pending.map((r) => ({ queue: QUEUES.mail, jobName: 'send', jobId: jobId('mail', r.id), payload: { messageId: r.id } })));
    return { queued: pending.length, noAddress: inserted.length - pending.length };
  }

  /** The messages about one record (e.g. a strategy discussion's minutes), oldest first, with their delivery state. */
  about(em: EntityManager, aboutType: string, aboutId: string): Promise<OutboundMessage[]> {
    return this.messages.about(em, aboutType, aboutId);
  }
}
