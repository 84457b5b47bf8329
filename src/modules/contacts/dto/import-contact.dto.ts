import { CHANNELS, REFERRER_TYPES } from '../domain/contact-vocabulary';
import type { Channel, ReferrerType } from '../domain/contact-vocabulary';
import { ProfessionalReferrerDto } from './contact-parts.dto';
import { ContactBodyDto } from './create-contact.dto';
import { Instant, Nested, OneOf, Text } from './field-rules';

/**
 * One line of a legacy import (`npm run import`, SPEC PERF-6): a historical contact as the legacy
 * system recorded it, in the shape of the intake API's body (API.md "Contacts"), plus what only a
 * migration knows: its reference there, when it was received and who referred. Checked with the same
 * rules as a new contact, dated on the day it was received.
 */
export class ImportContactDto extends ContactBodyDto {
  /** The contact's reference in the legacy system: the same line imported again is skipped, never doubled. */
  @Text(100, { required: true }) legacyReference: string;
  @Instant({ required: true }) receivedAt: string;
  @OneOf(CHANNELS, { required: true }) channel: Channel;
  /** Who referred, for the source-neutrality figures (SPEC INT-10, MGT-2). */
  @OneOf(REFERRER_TYPES, { required: true }) referrerType: ReferrerType;
  @Nested(() => ProfessionalReferrerDto) referrer?: ProfessionalReferrerDto | null;
}
