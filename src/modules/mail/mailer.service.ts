import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { classifySmtpError, SmtpErrorLike, SmtpFailure } from './domain/smtp-failure';

/** Bounds every stage of a send, so a silent server can never hold a job (or a lock) for long. */
const SMTP_TIMEOUT_MS = 30_000;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * The RFC 5322 Message-ID, chosen by the caller and stable across retries of the same message, so
   * the mail server's log and the recipient's client see one identity for it.
   */
  messageId: string;
  /** Display name for MAIL_FROM (e.g. the team's name). */
  fromName?: string;
  headers?: Record<string, string>;
}

export type SendResult = { ok: true; response: string; messageId: string } | { ok: false; failure: SmtpFailure };

/**
 * Sends e-mail over SMTP (SMTP_URL, MAIL_FROM) with nodemailer, for the delivery protocols
 * (MailDelivery, FeedbackDelivery). One connection per message (no pool): messages are few, and a refused
 * connection then only ever affects the message that met it. `send` never throws for an SMTP
 * problem; it returns the server's answer or a classified failure for the caller to record.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = nodemailer.createTransport({
      url: config.smtpUrl,
      // With a STARTTLS relay, refuse to send in clear when the server does not offer the upgrade.
      requireTLS: config.smtpRequireStartTls,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
      // Messages are built from our templates only: never let content pull in files or URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
    } as SMTPTransport.Options);
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: mail.fromName ? { name: mail.fromName, address: this.config.mailFrom } : this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated', ...mail.headers },
      });
      if (info.rejected.length > 0) {
        return { ok: false, failure: { kind: 'permanent', responseCode: null, detail: `recipient refused: ${String(info.response).slice(0, 500)}` } };
      }
      return { ok: true, response: String(info.response), messageId: info.messageId };
    } catch (error) {
      return { ok: false, failure: classifySmtpError(error as SmtpErrorLike) };
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
