import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import {
  ADDRESS_TYPES, AddressType, CONCERN_CATEGORIES, CONSENT_STATUSES, ConcernCategory, ConsentStatus, EVIDENCE_TYPES, EvidenceType, KNOWN_RISKS, KnownRisk,
  PARENTAL_RESPONSIBILITY, ParentalResponsibility, RELATIONSHIPS, Relationship, SEXES, Sex, URGENCIES, Urgency,
} from '../domain/contact-vocabulary';
import { CalendarDate, Narrative, Nested, OneOf, OptionalBoolean, Text, TextList } from './field-rules';

/** The parts of a contact body (SPEC INT-2 to INT-5; API.md "Contacts"). Lengths are generous but bounded. */

export class AddressDto {
  @Text(200) line1?: string | null;
  @Text(200) line2?: string | null;
  @Text(100) town?: string | null;
  @Text(10) postcode?: string | null;
  /** permanent, temporary, no_fixed_abode, refuge or unknown (default). */
  @OneOf(ADDRESS_TYPES) type?: AddressType | null;
}

export class SubjectDto {
  @Text(100) firstName?: string | null;
  @Text(100) lastName?: string | null;
  /** Previous names and other names the child is known by. */
  @TextList(10, 100) aliases?: string[] | null;
  /** When the name is not known: words that identify the child. */
  @Narrative(1000) description?: string | null;
  @CalendarDate() dateOfBirth?: string | null;
  /** Unborn child: the expected delivery date instead of a date of birth. */
  @CalendarDate() expectedDeliveryDate?: string | null;
  /** M, F or U (unknown, and for an unborn child); default U. */
  @OneOf(SEXES) sex?: Sex | null;
  /** 10 digits with the check digit; spaces allowed. */
  @Text(20) nhsNumber?: string | null;
  @Nested(() => AddressDto) address?: AddressDto | null;
  @Text(200) school?: string | null;
  @Text(200) gpPractice?: string | null;
  @Narrative(1000) disability?: string | null;
  @Narrative(1000) communicationNeeds?: string | null;
  @Text(100) firstLanguage?: string | null;
  @OptionalBoolean() interpreterNeeded?: boolean | null;
  /** Whether the referrer saw the child (police DA notifications name each child and whether seen). */
  @OptionalBoolean() seenByReferrer?: boolean | null;
}

export class HouseholdMemberDto {
  @Text(100) firstName?: string | null;
  @Text(100) lastName?: string | null;
  @TextList(10, 100) aliases?: string[] | null;
  @CalendarDate() dateOfBirth?: string | null;
  @OneOf(SEXES) sex?: Sex | null;
  @Text(20) nhsNumber?: string | null;
  /** Relationship to the children, e.g. mother, father, mothers_partner, unknown_adult. */
  @OneOf(RELATIONSHIPS, { required: true }) relationship: Relationship;
  @OptionalBoolean() resident?: boolean | null;
  @OneOf(PARENTAL_RESPONSIBILITY) parentalResponsibility?: ParentalResponsibility | null;
  @IsOptional()
  @IsArray({ message: '$property must be a list' })
  @ArrayMaxSize(KNOWN_RISKS.length, { message: `$property may hold at most ${KNOWN_RISKS.length} entries` })
  @IsIn(KNOWN_RISKS as unknown as string[], { each: true, message: `each of $property must be one of: ${KNOWN_RISKS.join(', ')}` })
  knownRisks?: KnownRisk[] | null;
  /** Why the person cannot be named (e.g. "father not known to the school"). */
  @Narrative(1000) unknownReason?: string | null;
  @Text(10) postcode?: string | null;
}

/** POST /contacts/:id/household/:memberId/left: when the member left the children's household (default: now). */
export class HouseholdLeftDto {
  @IsOptional()
  @IsISO8601({ strict: true }, { message: '$property must be a date and time (ISO 8601)' })
  leftAt?: string;
}

export class ConcernDto {
  @OneOf(CONCERN_CATEGORIES, { required: true }) category: ConcernCategory;
  /** CIN census factor code where one applies (e.g. 18C). */
  @Text(4) cinFactorCode?: string | null;
  @Narrative(10_000, { required: true }) description: string;
  /** When it happened, separate from when it is reported. */
  @CalendarDate() incidentDate?: string | null;
  /** Which children (positions in `subjects`, from 0); empty or missing means all of them. */
  @IsOptional()
  @IsArray({ message: '$property must be a list' })
  @ArrayMaxSize(20, { message: '$property may hold at most 20 entries' })
  @IsInt({ each: true, message: 'each of $property must be a whole number' })
  @Min(0, { each: true, message: 'each of $property must be 0 or more' })
  @Max(19, { each: true, message: 'each of $property must be at most 19' })
  subjectIndexes?: number[] | null;
}

export class EvidenceDto {
  @OneOf(EVIDENCE_TYPES, { required: true }) type: EvidenceType;
  /** Who holds it: referrer, school, police, a parent... */
  @Text(200, { required: true }) heldBy: string;
  @Narrative(2000) description?: string | null;
}

export class ReferrerViewDto {
  /** Does the referrer consider this a child protection referral? */
  @OptionalBoolean() isChildProtection?: boolean | null;
  @Narrative(10_000) harm?: string | null;
  @Narrative(10_000) whatShouldHappen?: string | null;
  @OneOf(URGENCIES) urgency?: Urgency | null;
}

export class ConsentDto {
  /** Never required (SPEC INT-6): default unknown. */
  @OneOf(CONSENT_STATUSES, { required: true }) status: ConsentStatus;
  @Narrative(2000) reason?: string | null;
}

export class ProfessionalReferrerDto {
  @Text(200) name?: string | null;
  @Text(200) role?: string | null;
  @Text(200) organisation?: string | null;
  @Text(40) phone?: string | null;
  @Text(254) email?: string | null;
  /** e.g. teacher, health visitor, neighbour. */
  @Text(100) relationshipToChild?: string | null;
}
