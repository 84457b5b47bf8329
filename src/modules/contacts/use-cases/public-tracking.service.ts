import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../../audit/audit.service';
import type { Actor } from '../../../auth/actor';
import { ContactReadRepository, PublicContactRow } from '../persistence/contact-read.repository';
import { publicStatus, PublicStage } from '../domain/public-status';
import { REFERENCE_PATTERN } from '../domain/reference';
import { trackingTokenMatches } from '../domain/tracking-token';
import type { AddInformationDto } from '../dto/add-information.dto';
import { ReferrerFeedback } from '../referrer-feedback';
import { ContactInformationService, InformationReceipt } from './contact-information.service';

export interface PublicStatusView {
  reference: string;
  status: PublicStage;
  outcomeSummary: string;
  updatedAt: string;
}

/** One answer for an unknown reference, a wrong token and a missing token (SPEC SEC-2: no enumeration). */
const NOT_FOUND = 'No contact matches this reference and tracking token';

/**
 * What the holder of a public contact's tracking token may do (SPEC INT-7): see the outcome in plain
 * words, and add information. Tokens are compared as hashes in constant time.
 */
@Injectable()
export class PublicTrackingService {
  constructor(
    private readonly rows: ContactReadRepository,
    private readonly audit: AuditService,
    private readonly information: ContactInformationService,
    private readonly feedback: ReferrerFeedback,
  ) {}

  async status(actor: Actor, reference: string, token: string | undefined): Promise<PublicStatusView> {
    const contact = await this.verify(reference, token);
    await this.audit.recordRead(actor, 'contact', contact.id, { view: 'public-status' });
    const stage = publicStatus(contact.status);
    // Once decided, the same plain words as the public outcome e-mail (SPEC FB-1, FB-2).
    const outcomeSummary = contact.status === 'decided' ? await this.feedback.publicOutcomeSummary(contact.id) : stage.outcomeSummary;
    return { reference: contact.reference, ...stage, outcomeSummary, updatedAt: contact.updated_at.toISOString() };
  }

  async addInformation(actor: Actor, reference: string, token: string | undefined, dto: AddInformationDto): Promise<InformationReceipt> {
    const contact = await this.verify(reference, token);
    return this.information.addByPublic(actor, contact.id, dto);
  }

  private async verify(reference: string, token: string | undefined): Promise<PublicContactRow> {
    const row = REFERENCE_PATTERN.test(reference) ? await this.rows.publicByReference(reference) : undefined;
    const given = typeof token === 'string' && token.length <= 100 ? token : '';
    if (!trackingTokenMatches(given, row?.tracking_token_hash ?? null) || !row) throw new NotFoundException(NOT_FOUND);
    return row;
  }
}
