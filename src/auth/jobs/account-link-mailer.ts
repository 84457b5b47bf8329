import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Mailer } from '../../modules/mail/mailer.service';
import { accountLinkToken, accountLinkUrl } from '../domain/account-link-token';
import { AccountsRepository } from '../persistence/accounts.repository';

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });

/**
 * E-mails an account link to the account's own address. Idempotent: a link already sent, used,
 * expired or retired is not sent; a failed send throws so BullMQ retries it, with the same link.
 */
@Injectable()
export class AccountLinkMailer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async send(linkId: string): Promise<'sent' | 'skipped'> {
    const link = await this.accounts.findLinkToSend(this.dataSource.manager, linkId);
    if (!link || link.sentAt || link.usedAt || !link.active || new Date(link.expiresAt) <= this.now()) return 'skipped';
    const url = accountLinkUrl(this.config.publicBaseUrl, accountLinkToken(this.config.jwtSecret, link.id, link.nonce));
    const until = LONDON.format(new Date(link.expiresAt));
    const activation = link.purpose === 'activation';
    const subject = activation ? 'Your MASH account: choose a password' : 'Reset your MASH password';
    const intro = activation ? 'An account has been made for you on the MASH referral service.' : 'Someone asked to reset the password of your MASH account.';
    const ignore = activation ? 'If you did not expect this account, tell your MASH administrator.' : 'If this was not you, ignore this e-mail: your password has not changed.';
    const text = [`Hello ${link.name},`, '', intro, `Choose your password here (the link works once, until ${until}):`, url, '', ignore].join('\n');
    const html = `<p>Hello ${escapeHtml(link.name)},</p><p>${intro}</p><p><a href="${escapeHtml(url)}">Choose your password</a> (the link works once, until ${until}).</p><p>${ignore}</p>`;
    const domain = this.config.mailFrom.split('@')[1]?.trim() || 'localhost';
    const result = await this.mailer.send({ to: link.email, subject, text, html, messageId: `<account-link.${link.id}@${domain}>`, fromName: 'MASH' });
    if (!result.ok) throw new Error(`account link not sent (${result.failure.kind})`);
    await this.accounts.markLinkSent(this.dataSource.manager, link.id, this.now());
    return 'sent';
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
