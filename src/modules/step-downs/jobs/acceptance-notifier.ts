import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { matchGpPractice } from '../../feedback/domain/gp-match';
import { Mailer } from '../../mail/mailer.service';
import { acceptanceMessage, initials } from '../domain/acceptance-message';
import { NOTIFY_AUDIENCES, NotifyAudience } from '../domain/notify-audience';
import { StepDownNotification } from '../persistence/step-down-notification.entity';

interface Recipient {
  email: string | null;
  agencyId: string | null;
}

/**
 * Tells the GP, the school or setting and the referrer who the lead professional is once a
 * step-down is accepted (SPEC STEP-2). Idempotent: an audience with a row is done; a failed send
 * throws, so BullMQ retries only the audiences still missing.
 */
@Injectable()
export class AcceptanceNotifier {
  private readonly logger = new Logger(AcceptanceNotifier.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async notify(stepDownId: string): Promise<{ sent: number; noAddress: number }> {
    const [sd] = await this.dataSource.query(
      `SELECT d.id, d.status, d.responded_at, d.lead_professional_name, d.lead_professional_email, a.name AS agency_name,
              c.reference, c.anonymous, c.submitted_by_user_id, c.submitted_by_agency_id, s.first_name, s.last_name, s.date_of_birth::text AS dob,
              s.gp_practice, s.school, r.email AS referrer_email
         FROM step_down d JOIN contact c ON c.id = d.contact_id JOIN contact_subject s ON s.id = d.subject_id
         LEFT JOIN agency a ON a.id = d.receiving_agency_id LEFT JOIN contact_referrer r ON r.contact_id = c.id
        WHERE d.id = $1`,
      [stepDownId],
    );
    if (!sd || sd.status !== 'accepted') return { sent: 0, noAddress: 0 };
    const done = new Set((await this.dataSource.getRepository(StepDownNotification).find({ where: { stepDownId } })).map((n) => n.audience));
    let sent = 0;
    let noAddress = 0;
    for (const audience of NOTIFY_AUDIENCES) {
      if (done.has(audience)) continue;
      const to = await this.recipient(audience, sd);
      if (!to.email) {
        await this.save(stepDownId, audience, 'no_address', to, null);
        noAddress++;
        continue;
      }
      const domain = this.config.mailFrom.split('@')[1]?.trim() || 'localhost';
      const messageId = `<step-down.${stepDownId}.${audience}@${domain}>`;
      const message = acceptanceMessage(audience, {
        contactReference: sd.reference, childInitials: initials(sd.first_name, sd.last_name), childDateOfBirth: sd.dob, leadProfessionalName: sd.lead_professional_name,
        leadProfessionalEmail: sd.lead_professional_email, receivingAgencyName: sd.agency_name, acceptedAt: new Date(sd.responded_at),
      });
      const result = await this.mailer.send({ to: to.email, messageId, ...message, headers: { 'X-Mash-Step-Down-Id': stepDownId } });
      if (!result.ok) {
        this.logger.warn({ stepDownId, audience }, 'step-down acceptance notice not sent; will retry');
        throw new Error(`step-down notice to ${audience} not sent`);
      }
      await this.save(stepDownId, audience, 'sent', to, messageId);
      sent++;
    }
    return { sent, noAddress };
  }

  private async save(stepDownId: string, audience: NotifyAudience, status: 'sent' | 'no_address', to: Recipient, messageId: string | null): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(StepDownNotification)
      .values({ stepDownId, audience, status, recipientEmail: to.email, recipientAgencyId: to.agencyId, messageId }).orIgnore().execute();
  }

  private async recipient(audience: NotifyAudience, sd: Record<string, string | boolean | null>): Promise<Recipient> {
    if (audience === 'referrer') {
      if (sd.anonymous) return { email: null, agencyId: null };
      if (sd.referrer_email) return { email: sd.referrer_email as string, agencyId: (sd.submitted_by_agency_id as string) ?? null };
      const [u] = sd.submitted_by_user_id ? await this.dataSource.query('SELECT email, agency_id FROM app_user WHERE id = $1', [sd.submitted_by_user_id]) : [];
      return { email: u?.email ?? null, agencyId: u?.agency_id ?? null };
    }
    const type = audience === 'gp' ? 'health_gp' : 'school';
    const name = (audience === 'gp' ? sd.gp_practice : sd.school) as string | null;
    const agencies: { id: string; name: string; email: string | null }[] = await this.dataSource.query('SELECT id, name, email FROM agency WHERE type = $1', [type]);
    const match = matchGpPractice(name, agencies);
    return match?.result === 'matched' ? { email: match.agency.email, agencyId: match.agency.id } : { email: null, agencyId: null };
  }
}
