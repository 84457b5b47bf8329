import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import { Mailer, OutgoingMail, SendResult } from '../../src/modules/mail/mailer.service';

/**
 * The real Mailer, except that it can be told to throw once the SMTP server has accepted a message
 * for one recipient: the job ends without recording the send, as when the worker dies in that
 * window, and BullMQ runs it again. Replace Mailer with it: `startWorker(withCrashingMailer)`.
 */
@Injectable()
export class CrashingMailer extends Mailer {
  private crashes: { to: string; then: () => void }[] = [];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config);
  }

  /** The next message to `to` is sent, and then the send throws; `then` runs when it does. */
  crashAfterAccepting(to: string, then: () => void = () => undefined): void {
    this.crashes.push({ to: to.toLowerCase(), then });
  }

  override async send(mail: OutgoingMail): Promise<SendResult> {
    const result = await super.send(mail);
    const at = this.crashes.findIndex((c) => c.to === mail.to.toLowerCase());
    if (result.ok && at >= 0) {
      const [crash] = this.crashes.splice(at, 1);
      crash.then();
      throw new Error('simulated crash after SMTP accepted');
    }
    return result;
  }
}
