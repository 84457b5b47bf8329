import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxService } from '../queue/outbox.service';
import { jobId, QUEUES } from '../queue/queue-names';
import { accountLinkToken, accountLinkTokenHash, newNonce } from './domain/account-link-token';
import { AccountLinkPurpose } from './persistence/account-link.entity';
import { AccountsRepository } from './persistence/accounts.repository';

/**
 * Issues the single-use link that lets a user choose a password: written with an outbox row in the
 * caller's transaction, e-mailed by the worker (queue `accounts`) once the transaction commits.
 * Issuing a link retires the user's earlier ones.
 */
@Injectable()
export class AccountLinksService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async issue(em: EntityManager, userId: string, purpose: AccountLinkPurpose): Promise<string> {
    const now = this.now();
    const ttl = purpose === 'activation' ? this.config.activationLinkTtlSeconds : this.config.passwordResetLinkTtlSeconds;
    const id = this.accounts.newLinkId();
    const nonce = newNonce();
    await this.accounts.retireLinks(em, userId, now);
    await this.accounts.insertLink(em, {
      id, userId, purpose, nonce, tokenHash: accountLinkTokenHash(accountLinkToken(this.config.jwtSecret, id, nonce)), expiresAt: new Date(now.getTime() + ttl * 1000),
    });
    await this.outbox.add(em, { queue: QUEUES.accounts, jobName: 'send-link', jobId: jobId('account-link', id), payload: { linkId: id } });
    return id;
  }
}
