import type { AppConfig } from '../../src/config/app-config';
import { Mailer } from '../../src/modules/mail/mailer.service';
import { SmtpCapture } from '../utils/smtp-capture';

/**
 * The SMTP client's own settings reach the connection (SPEC FB-4, SEC): an SMTP_URL must not make
 * nodemailer drop them. Against a real SMTP server in this process, which offers no STARTTLS.
 */
describe('Mailer: the SMTP transport as configured', () => {
  let smtp: SmtpCapture;
  const mailers: Mailer[] = [];
  const mailer = (settings: Pick<AppConfig, 'smtpRequireStartTls'>) => {
    const made = new Mailer({ smtpUrl: smtp.url, mailFrom: 'mash@northshire.localhost', ...settings } as AppConfig);
    mailers.push(made);
    return made;
  };
  const message = (n: number) => ({ to: `dsl.${n}@riverside-school.localhost`, subject: `Referral ${n} received`, text: 'We have received your referral.', html: '<p>We have received your referral.</p>', messageId: `<transport-test.${process.pid}.${n}@northshire.localhost>` });

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
  });

  afterAll(async () => {
    for (const m of mailers) m.onApplicationShutdown();
    await smtp?.close();
  });

  it('with SMTP_REQUIRE_STARTTLS, sends nothing in clear to a server that does not offer STARTTLS', async () => {
    const result = await mailer({ smtpRequireStartTls: true }).send(message(1));
    expect(result.ok).toBe(false);
    expect(smtp.to(message(1).to)).toHaveLength(0);
    // The same message goes when the upgrade is not required: the server was there all along.
    expect((await mailer({ smtpRequireStartTls: false }).send(message(1))).ok).toBe(true);
    expect(smtp.to(message(1).to)).toHaveLength(1);
  });

  it('twenty messages sent at once each arrive once, over a few connections kept open between them', async () => {
    const before = smtp.connections;
    const pooled = mailer({ smtpRequireStartTls: false });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pooled.send(message(100 + i))));
    expect(results.every((r) => r.ok)).toBe(true);
    for (let i = 0; i < 20; i++) expect(smtp.withMessageId(message(100 + i).messageId)).toHaveLength(1);
    expect(smtp.connections - before).toBeLessThan(20);
  });
});
