import { PROFESSIONAL_CHANNELS } from '../domain/contact-vocabulary';
import type { Channel } from '../domain/contact-vocabulary';
import { PUBLIC_RELATIONSHIPS, PublicRelationship } from '../domain/referrer-type';
import { ConcernDto, ConsentDto, EvidenceDto, HouseholdMemberDto, ProfessionalReferrerDto, ReferrerViewDto, SubjectDto } from './contact-parts.dto';
import { Nested, NestedList, OneOf, OptionalBoolean, Text } from './field-rules';

/** What every contact holds, whoever sends it (SPEC INT-2). */
export class ContactBodyDto {
  /** CIN census referral source code (config/code-lists); defaulted from the referrer when missing. */
  @Text(3) referralSource?: string | null;
  @Nested(() => ReferrerViewDto) referrerView?: ReferrerViewDto | null;
  @Nested(() => ConsentDto) consent?: ConsentDto | null;
  @NestedList(() => SubjectDto, 20, { required: true, minItems: 1, minMessage: 'Tell us about at least one child' }) subjects: SubjectDto[];
  @NestedList(() => HouseholdMemberDto, 30) household?: HouseholdMemberDto[] | null;
  @NestedList(() => ConcernDto, 30, { required: true, minItems: 1, minMessage: 'Describe at least one concern' }) concerns: ConcernDto[];
  @NestedList(() => EvidenceDto, 30) evidence?: EvidenceDto[] | null;
}

/** POST /api/v1/contacts: professionals, police, partners and MASH staff. */
export class CreateContactDto extends ContactBodyDto {
  @OneOf(PROFESSIONAL_CHANNELS, { required: true }) channel: Exclude<Channel, 'public'>;
  @Nested(() => ProfessionalReferrerDto) referrer?: ProfessionalReferrerDto | null;
  /**
   * Children's social care attended the incident with the police (SPEC STR-2: police and social care
   * at the same incident need a strategy discussion). Unknown when missing; a police notification
   * alone does not say it.
   */
  @OptionalBoolean() socialCareAttended?: boolean | null;
}

export class PublicReferrerDto {
  @Text(200) name?: string | null;
  @Text(40) phone?: string | null;
  @Text(254) email?: string | null;
  /** relative, neighbour, self (a child about themselves) or other. */
  @OneOf(PUBLIC_RELATIONSHIPS) relationship?: PublicRelationship | null;
  /** In the person's words, e.g. "grandmother", "child minder". */
  @Text(100) relationshipToChild?: string | null;
}

/** POST /api/v1/public/contacts: no account; anonymous allowed (and assumed when no referrer is given). */
export class CreatePublicContactDto extends ContactBodyDto {
  @OptionalBoolean() anonymous?: boolean | null;
  @Nested(() => PublicReferrerDto) referrer?: PublicReferrerDto | null;
}
