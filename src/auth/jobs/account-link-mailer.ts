import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { Mailer } from '../../modules/mail/mailer.service';
import { accountLinkToken, accountLinkUrl } from '../domain/account-link-token';
import { AccountsRepository } from '../persistence/accounts.repository';

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });

/**
 * E-mails an account link to the account's own address. The message is built here, at send time,
 * and never stored: unlike the outbound_message pipeline (which keeps each rendered body so staff
 * can see what was sent), a stored body would hold a working password link, readable by anyone who
 * can read that table or its backups, and usable to take over the account until it expires. Only
 * the link's id and nonce are stored; the token is derived from them with the signing secret
 * (domain/account-link-token.ts), which the database never holds. Idempotent: a link already sent, used,
 * expired or retired is not sent; a failed send throws so BullMQ retries it, with the same link.
 */
@Injectable()
export class AccountLinkMailer {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsRepository,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async send(linkId: string): Promise<'sent' | 'skipped'> {
    const link = await this.uow.read((em) => this.accounts.findLinkToSend(em, linkId));
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
    await this.uow.read((em) => this.accounts.markLinkSent(em, link.id, this.now()));
    return 'sent';
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
