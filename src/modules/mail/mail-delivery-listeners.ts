import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboundMessage } from './persistence/outbound-message.entity';

export type SentListener = (em: EntityManager, message: OutboundMessage, acceptedAt: Date) => Promise<void>;

/**
 * What a feature does in the transaction that records the SMTP server's acceptance of one of its
 * messages, keyed by purpose (e.g. feedback meets the RAG-5 clock when the referrer's outcome is
 * accepted). A feature registers its listener when its worker module starts; the mail module knows
 * no feature.
 */
@Injectable()
export class MailDeliveryListeners {
  private readonly onSent = new Map<string, SentListener>();

  whenSent(purpose: string, listener: SentListener): void {
    if (this.onSent.has(purpose)) throw new Error(`a listener for ${purpose} is registered already`);
    this.onSent.set(purpose, listener);
  }

  /** Whether recording a send of this purpose needs a transaction for a listener. */
  listensFor(purpose: string): boolean {
    return this.onSent.has(purpose);
  }

  async sent(em: EntityManager, message: OutboundMessage, acceptedAt: Date): Promise<void> {
    await this.onSent.get(message.purpose)?.(em, message, acceptedAt);
  }
}
