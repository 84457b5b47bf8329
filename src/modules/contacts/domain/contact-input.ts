/**
 * The submission as the rules see it (SPEC INT-2 to INT-5): plain data, the shape of the request
 * body once its types are checked. DTO classes satisfy these interfaces.
 */
export interface AddressInput {
  line1?: string | null;
  line2?: string | null;
  town?: string | null;
  postcode?: string | null;
  type?: string | null;
}

export interface SubjectInput {
  firstName?: string | null;
  lastName?: string | null;
  aliases?: string[] | null;
  description?: string | null;
  dateOfBirth?: string | null;
  expectedDeliveryDate?: string | null;
  nhsNumber?: string | null;
  address?: AddressInput | null;
  school?: string | null;
}

export interface HouseholdInput {
  firstName?: string | null;
  lastName?: string | null;
  aliases?: string[] | null;
  dateOfBirth?: string | null;
  nhsNumber?: string | null;
  unknownReason?: string | null;
}

export interface ConcernInput {
  cinFactorCode?: string | null;
  description: string;
  incidentDate?: string | null;
  subjectIndexes?: number[] | null;
}

export interface ContactInput {
  referralSource?: string | null;
  subjects: SubjectInput[];
  household?: HouseholdInput[] | null;
  concerns: ConcernInput[];
}
