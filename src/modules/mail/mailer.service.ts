import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Transform } from 'node:stream';
import nodemailer, { Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { classifySmtpError, SmtpErrorLike, SmtpFailure } from './domain/smtp-failure';

/** Bounds every stage of a send, so a silent server can never hold a job (or a lock) for long. */
const SMTP_TIMEOUT_MS = 30_000;
/**
 * SMTP connections, and sends the mail queue's processor runs at once (its concurrency), so no send
 * waits for another's connection. Each send also holds one database connection (its delivery lock),
 * so this is what mail takes of the worker's pool at most: the eight that four deliveries took when
 * each held two. A delivery mostly waits (round trips to Postgres, Redis and the SMTP server), so
 * more at once deliver more on a busy machine (bench/mail: eight about 10% more than four when the
 * worker had the machine nearly to itself).
 */
export const MAIL_SENDS_AT_ONCE = 8;
/** Messages per connection before it is closed and a fresh one opened, as relays often limit a session. */
const SMTP_MESSAGES_PER_CONNECTION = 100;

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

/**
 * Passes a message's MIME text on in one piece once it is complete. nodemailer streams a message
 * part by part (headers, each boundary, each part's headers and body), and each piece became its
 * own write to the SMTP server's socket: about six for an acknowledgement, now one (the end-of-data
 * marker still follows on its own). A write on a socket costs the sender the whole network path,
 * and the worker's socket writes were a third of its CPU under bench:triage. Messages are templates
 * of a few kilobytes, so holding one whole costs nothing. One instance per message: the pool never
 * streams a message twice (maxRequeues: 0), which a used instance could not do.
 */
function wholeMessage(): Transform {
  const pieces: Buffer[] = [];
  return new Transform({
    transform(piece: Buffer, _encoding, done) {
      pieces.push(piece);
      done();
    },
    flush(done) {
      this.push(Buffer.concat(pieces));
      done();
    },
  });
}

export type SendResult = { ok: true; response: string; messageId: string } | { ok: false; failure: SmtpFailure };

/**
 * Sends e-mail over SMTP (SMTP_URL, MAIL_FROM) with nodemailer, for the delivery protocols
 * (MailDelivery, AccountLinkMailer). A pool of connections kept open between messages, so a message
 * costs one SMTP transaction instead of a connection, greeting and EHLO each: an acknowledgement per
 * contact makes messages as many as contacts. A connection that fails fails only the message it
 * carried; the pool opens another for the next. `send` never throws for an SMTP problem; it returns
 * the server's answer or a classified failure for the caller to record.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // The pool is made here, not by createTransport: given an object with a `url`, createTransport
    // keeps only what the URL says and drops every other option (pool, timeouts, requireTLS...).
    // SMTPPool merges the URL's host, port, security and credentials into the options instead.
    // (maxRequeues is nodemailer's, missing from its type definitions.)
    const options: SMTPPool.Options & { maxRequeues: number } = {
      url: config.smtpUrl,
      pool: true,
      maxConnections: MAIL_SENDS_AT_ONCE,
      maxMessages: SMTP_MESSAGES_PER_CONNECTION,
      // A connection that closes while it carries a message fails that send (the delivery protocol
      // records it and decides about a retry): the pool must never hand the message to another
      // connection by itself, since the server may have it already, and it would go twice.
      maxRequeues: 0,
      // With a STARTTLS relay, refuse to send in clear when the server does not offer the upgrade.
      requireTLS: config.smtpRequireStartTls,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
      // Messages are built from our templates only: never let content pull in files or URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    this.transport = nodemailer.createTransport(new SMTPPool(options));
    this.transport.use('stream', (mail, done) => {
      mail.message.transform(wholeMessage());
      done();
    });
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
        // Our messages are English prose: quoted-printable is what nodemailer chooses for text mostly in
        // Latin letters, for each part and header word, but choosing costs it two regular-expression
        // matches over the whole text, each building an array of every letter (about 5% of the
        // worker's CPU for mail). Text mostly in another script now goes quoted-printable too: larger
        // than base64, as valid.
        textEncoding: 'quoted-printable',
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
