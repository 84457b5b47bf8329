import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** One message the server accepted, decoded enough for tests to read what a recipient would. */
export interface CapturedMail {
  from: string;
  to: string[];
  messageId: string;
  subject: string;
  headers: Record<string, string>;
  text: string;
  html: string;
  raw: string;
  /** The SMTP session (one TCP connection) that carried it. */
  session: string;
}

export interface RejectOptions {
  /** SMTP reply code, e.g. 421 (service not available), 451 (try later), 550 (mailbox unavailable). */
  code?: number;
  /**
   * `connect`: refuse the greeting (a server that is down); `rcpt`: refuse the recipient; `data`:
   * refuse the message after reading it.
   */
  stage?: 'connect' | 'rcpt' | 'data';
  /**
   * Refuse only messages to this address (at `rcpt` or `data`), so that a worker delivering other
   * messages in the meantime (another test file's leftovers) cannot use up the refusal.
   */
  to?: string;
}

interface Refusal {
  code: number;
  stage: 'connect' | 'rcpt' | 'data';
  to: string | null;
}

/**
 * A real SMTP server in the test process (smtp-server): listens on an ephemeral port, records every
 * accepted message, and can be told to refuse the next N messages. Point SMTP_URL at `url` before
 * starting the worker; `close()` in afterAll.
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  /** How many attempts were refused (at connect, recipient or data). */
  refused = 0;
  /** SMTP sessions (TCP connections) opened so far. */
  connections = 0;
  private rejectQueue: Refusal[] = [];
  private holds: { matches: (mail: CapturedMail) => boolean; then: (mail: CapturedMail, answer: () => void) => void }[] = [];

  private constructor(private readonly server: SMTPServer, readonly url: string) {}

  static async start(): Promise<SmtpCapture> {
    // The handlers need the capture, which needs the server: a holder breaks the cycle.
    const holder: { capture?: SmtpCapture } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      onConnect(_session, callback) {
        holder.capture!.connections++;
        const code = holder.capture!.takeRefusal('connect', []);
        if (code) return callback(smtpError(code, 'Service not available (test)'));
        callback();
      },
      onRcptTo(address, _session, callback) {
        const code = holder.capture!.takeRefusal('rcpt', [address.address]);
        if (code) return callback(smtpError(code, 'Recipient refused (test)'));
        callback();
      },
      onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const code = holder.capture!.takeRefusal('data', session.envelope.rcptTo.map((r) => r.address));
          if (code) return callback(smtpError(code, 'Refused (test)'));
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = session.envelope;
          const mail: CapturedMail = {
            ...parseMessage(raw),
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            to: envelope.rcptTo.map((r) => r.address),
            session: session.id,
          };
          holder.capture!.messages.push(mail);
          const accepted = `Queued as TEST${holder.capture!.messages.length}`;
          const hold = holder.capture!.takeHold(mail);
          // A held message is kept, but its sender hears that it was accepted only if the test answers.
          if (hold) return void hold(mail, () => callback(null, accepted as never));
          callback(null, accepted as never);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.on('error', () => undefined);
    const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
    holder.capture = new SmtpCapture(server, `smtp://127.0.0.1:${port}`);
    return holder.capture;
  }

  rejectNext(count: number, options: RejectOptions = {}): void {
    const stage = options.stage ?? 'connect';
    if (stage === 'connect' && options.to) throw new Error('a refusal at connect cannot pick a recipient: use stage rcpt or data');
    for (let i = 0; i < count; i++) this.rejectQueue.push({ code: options.code ?? 421, stage, to: options.to?.toLowerCase() ?? null });
  }

  /**
   * The next message to `to` is stored (it counts as received) but never answered, and `then` runs
   * with it: the moment between the server having a message and its sender knowing, where a test
   * kills the sender.
   */
  holdReplyTo(to: string, then: (mail: CapturedMail) => void): void {
    this.holdNextReply((mail) => mail.to.includes(to.toLowerCase()), then);
  }

  /** The next message that `matches` is stored and answered only when the test calls `answer`. */
  holdNextReply(matches: (mail: CapturedMail) => boolean, then: (mail: CapturedMail, answer: () => void) => void): void {
    this.holds.push({ matches, then });
  }

  private takeHold(mail: CapturedMail): ((mail: CapturedMail, answer: () => void) => void) | null {
    const at = this.holds.findIndex((h) => h.matches(mail));
    if (at < 0) return null;
    return this.holds.splice(at, 1)[0].then;
  }

  /** Takes the first queued refusal that applies at this stage to these recipients: its reply code, or null. */
  private takeRefusal(stage: Refusal['stage'], recipients: string[]): number | null {
    const at = this.rejectQueue.findIndex((r) => r.stage === stage && (r.to === null || recipients.some((a) => a.toLowerCase() === r.to)));
    if (at < 0) return null;
    const [refusal] = this.rejectQueue.splice(at, 1);
    this.refused++;
    return refusal.code;
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  withMessageId(messageId: string): CapturedMail[] {
    return this.messages.filter((m) => m.messageId === messageId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

// ---- a small MIME reader: enough for nodemailer's multipart/alternative output ----

function splitHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => `%${hex}`);
  try {
    return decodeURIComponent(bytes.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return bytes;
  }
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function parsePart(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const headerBlock = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split).replace(/^\r?\n\r?\n/, '') : '';
  const headers = splitHeaders(headerBlock);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    let text = '';
    let html = '';
    for (const piece of body.split(`--${boundary}`).slice(1)) {
      if (piece.startsWith('--')) break;
      const part = parsePart(piece.replace(/^\r?\n/, ''));
      text ||= part.text;
      html ||= part.html;
    }
    return { headers, text, html };
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']).replace(/\r\n/g, '\n');
  return /^text\/html/i.test(type) ? { headers, text: '', html: decoded } : { headers, text: decoded, html: '' };
}

function parseMessage(raw: string): Omit<CapturedMail, 'from' | 'to' | 'session'> {
  const { headers, text, html } = parsePart(raw);
  return { headers, messageId: headers['message-id'] ?? '', subject: decodeWords(headers.subject ?? ''), text, html, raw };
}
