/** The words of contact tags (SPEC INT-10). Pure data: no Nest or TypeORM. */

/** malicious_vexatious: a contact believed made to harass the family; it needs evidence and a manager's approval. */
export const CONTACT_TAG_KINDS = ['malicious_vexatious'] as const;
export type ContactTagKind = (typeof CONTACT_TAG_KINDS)[number];

/** proposed (waiting for a manager), approved (the tag stands), rejected (returned with comments). */
export const CONTACT_TAG_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type ContactTagStatus = (typeof CONTACT_TAG_STATUSES)[number];
