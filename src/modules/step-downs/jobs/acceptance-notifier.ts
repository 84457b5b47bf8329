import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../../../database/unit-of-work';
import { matchGpPractice } from '../../feedback/domain/gp-match';
import { OutboundMail, QueuedMessage } from '../../mail/outbound-mail.service';
import { acceptanceMessage, initials } from '../domain/acceptance-message';
import { NOTIFY_AUDIENCES, NotifyAudience } from '../domain/notify-audience';
import { readAgenciesOfType, readStepDownNoticeFacts, readSubmitterAddress, StepDownNoticeFacts } from '../persistence/step-down-notice-facts';

/** The outbound_message purpose of these notices (the step_down_notification view reads them back). */
export const STEP_DOWN_NOTICE = 'step_down.notice';

interface Recipient {
  email: string | null;
  agencyId: string | null;
  /** The referrer's account, when the address is its own. */
  accountId?: string | null;
}

/**
 * Tells the GP, the school or setting and the referrer who the lead professional is once a
 * step-down is accepted (SPEC STEP-2). Renders one notice per audience and queues it on the
 * outbound-mail pipeline in one transaction, which sends each at most once, across crashes.
 * Idempotent: an audience already queued (or found without an address) is not queued again.
 */
@Injectable()
export class AcceptanceNotifier {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly mail: OutboundMail,
  ) {}

  /** `sent`: notices newly queued for sending; `noAddress`: audiences with nobody to tell. */
  async notify(stepDownId: string): Promise<{ sent: number; noAddress: number }> {
    return this.uow.run(async (em) => {
      const sd = await readStepDownNoticeFacts(em, stepDownId);
      if (!sd || sd.status !== 'accepted') return { sent: 0, noAddress: 0 };
      const done = new Set((await this.mail.about(em, 'step_down', stepDownId)).filter((m) => m.purpose === STEP_DOWN_NOTICE).map((m) => m.audience));
      const messages: QueuedMessage[] = [];
      for (const audience of NOTIFY_AUDIENCES) {
        if (done.has(audience)) continue;
        const to = await this.recipient(em, audience, sd);
        const message = acceptanceMessage(audience, {
          contactReference: sd.reference, childInitials: initials(sd.firstName, sd.lastName), childDateOfBirth: sd.dateOfBirth, leadProfessionalName: sd.leadProfessionalName,
          leadProfessionalEmail: sd.leadProfessionalEmail, receivingAgencyName: sd.agencyName, acceptedAt: new Date(sd.respondedAt!),
        });
        messages.push({
          purpose: STEP_DOWN_NOTICE, aboutType: 'step_down', aboutId: stepDownId, audience, dedupeKey: `step-down.${stepDownId}.${audience}`,
          recipientEmail: to.email, recipientAgencyId: to.agencyId, recipientAccountId: to.accountId ?? null, caseReference: sd.reference,
          subject: message.subject, bodyText: message.text, bodyHtml: message.html, headers: { 'X-Mash-Step-Down-Id': stepDownId },
        });
      }
      const { queued, noAddress } = await this.mail.queue(em, messages);
      return { sent: queued, noAddress };
    });
  }

  private async recipient(em: EntityManager, audience: NotifyAudience, sd: StepDownNoticeFacts): Promise<Recipient> {
    if (audience === 'referrer') {
      if (sd.anonymous) return { email: null, agencyId: null };
      if (sd.referrerEmail) return { email: sd.referrerEmail, agencyId: sd.submittedByAgencyId ?? null };
      const u = sd.submittedByUserId ? await readSubmitterAddress(em, sd.submittedByUserId) : null;
      return { email: u?.email ?? null, agencyId: u?.agencyId ?? null, accountId: sd.submittedByUserId };
    }
    const type = audience === 'gp' ? 'health_gp' : 'school';
    const name = audience === 'gp' ? sd.gpPractice : sd.school;
    const match = matchGpPractice(name, await readAgenciesOfType(em, type));
    return match?.result === 'matched' ? { email: match.agency.email, agencyId: match.agency.id } : { email: null, agencyId: null };
  }
}
