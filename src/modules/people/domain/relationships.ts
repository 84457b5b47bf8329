/**
 * Person-to-person relationships built from each contact's household (SPEC PPL-2), and the family a
 * child's history walks (PPL-3). A stored row (personId, relatedPersonId, relationship) reads
 * "relatedPerson is person's <relationship>"; every row is stored in both directions, so walking the
 * graph is one indexed lookup per step. Pure: no Nest, no TypeORM.
 */

/** Household relationship (to the subject children) -> the inverse, seen from the adult. */
const ADULT_INVERSE: Record<string, string> = {
  mother: 'child',
  father: 'child',
  step_mother: 'step_child',
  step_father: 'step_child',
  mothers_partner: 'partners_child',
  fathers_partner: 'partners_child',
  grandparent: 'grandchild',
  aunt_uncle: 'niece_nephew',
  other_relative: 'relatives_child',
  foster_carer: 'foster_child',
  lodger: 'household_child',
  regular_visitor: 'household_child',
  unknown_adult: 'household_child',
  other: 'household_child',
};

export const SIBLING_TYPES = ['sibling', 'half_sibling', 'step_sibling'] as const;
export const PARENT_TYPES = ['mother', 'father'] as const;
/** "related person is an adult around this child" */
export const ADULT_TYPES = Object.keys(ADULT_INVERSE);
/** "related person is a child this adult is around" */
export const CHILD_TYPES = [...new Set(Object.values(ADULT_INVERSE))];
export const PARTNER_TYPE = 'partner';

export function isSiblingType(t: string): boolean {
  return (SIBLING_TYPES as readonly string[]).includes(t);
}

export interface RelationshipRow {
  personId: string;
  relatedPersonId: string;
  relationship: string;
  parentalResponsibility: string | null;
  resident: boolean | null;
}

export interface ContactPeople {
  subjects: { personId: string | null }[];
  household: { personId: string | null; relationship: string; parentalResponsibility: string; resident: boolean | null }[];
}

/**
 * The relationships one contact states: each household adult to each subject (with PR and residence),
 * subjects of one contact to each other as siblings, household children to the subjects as the sibling
 * kind given, and a mother's (father's) partner to the mother (father). Unlinked people are skipped.
 */
export function relationshipsForContact(contact: ContactPeople): RelationshipRow[] {
  const rows = new Map<string, RelationshipRow>();
  const add = (personId: string, relatedPersonId: string, relationship: string, pr: string | null = null, resident: boolean | null = null) => {
    if (personId === relatedPersonId) return;
    rows.set(`${personId}|${relatedPersonId}|${relationship}`, { personId, relatedPersonId, relationship, parentalResponsibility: pr, resident });
  };
  const subjects = [...new Set(contact.subjects.map((s) => s.personId).filter((id): id is string => !!id))];
  for (const a of subjects) for (const b of subjects) add(a, b, 'sibling');
  for (const member of contact.household) {
    if (!member.personId) continue;
    for (const child of subjects) {
      if (isSiblingType(member.relationship)) {
        add(child, member.personId, member.relationship);
        add(member.personId, child, member.relationship);
      } else {
        const inverse = ADULT_INVERSE[member.relationship] ?? 'household_child';
        add(child, member.personId, member.relationship, member.parentalResponsibility, member.resident);
        add(member.personId, child, inverse, member.parentalResponsibility, member.resident);
      }
    }
  }
  const partnerOf: Record<string, string> = { mothers_partner: 'mother', fathers_partner: 'father' };
  for (const partner of contact.household) {
    const parentKind = partnerOf[partner.relationship];
    if (!parentKind || !partner.personId) continue;
    for (const parent of contact.household.filter((m) => m.relationship === parentKind && m.personId)) {
      add(partner.personId, parent.personId!, PARTNER_TYPE);
      add(parent.personId!, partner.personId, PARTNER_TYPE);
    }
  }
  return [...rows.values()];
}

/** How someone in a child's history is related to the child. */
export type FamilyRelation =
  | { kind: 'self' }
  | { kind: 'sibling' | 'half_sibling' | 'step_sibling' }
  | { kind: 'adult'; relationship: string }
  | { kind: 'adults_child'; viaAdultId: string; viaRelationship: string };

export interface FamilyMember {
  personId: string;
  relation: FamilyRelation;
}

/**
 * The family a child's history covers (SPEC PPL-3): the child, siblings and half-siblings, every adult
 * linked to the child, and those adults' other children (a half-sibling through a shared parent, or the
 * child of a mother's partner). `direct` are the child's own relationship rows; `adultsChildren` the
 * rows (adult -> child) of the child's adults.
 */
export function familyOf(childId: string, direct: { relatedPersonId: string; relationship: string }[], adultsChildren: { personId: string; relatedPersonId: string; relationship: string }[]): FamilyMember[] {
  const members = new Map<string, FamilyRelation>([[childId, { kind: 'self' }]]);
  const adults = new Map<string, string>();
  const siblingKind = new Map<string, 'sibling' | 'half_sibling' | 'step_sibling'>();
  for (const r of direct) {
    if (isSiblingType(r.relationship)) {
      const prev = siblingKind.get(r.relatedPersonId);
      // A full sibling on any contact outranks a half or step sibling on another.
      if (!prev || r.relationship === 'sibling') siblingKind.set(r.relatedPersonId, r.relationship as 'sibling');
    } else if (ADULT_TYPES.includes(r.relationship) && !adults.has(r.relatedPersonId)) {
      adults.set(r.relatedPersonId, r.relationship);
    } else if (ADULT_TYPES.includes(r.relationship) && (PARENT_TYPES as readonly string[]).includes(r.relationship)) {
      adults.set(r.relatedPersonId, r.relationship); // mother/father outranks e.g. "other" for the same adult
    }
  }
  const parents = [...adults.entries()].filter(([, rel]) => (PARENT_TYPES as readonly string[]).includes(rel)).map(([id]) => id);
  const sharedParents = new Map<string, Set<string>>();
  const viaAdult = new Map<string, { viaAdultId: string; viaRelationship: string }>();
  for (const r of adultsChildren) {
    const childOfAdult = r.relatedPersonId;
    if (childOfAdult === childId || !adults.has(r.personId)) continue;
    if (parents.includes(r.personId) && r.relationship === 'child') {
      if (!sharedParents.has(childOfAdult)) sharedParents.set(childOfAdult, new Set());
      sharedParents.get(childOfAdult)!.add(r.personId);
    }
    if (!viaAdult.has(childOfAdult)) viaAdult.set(childOfAdult, { viaAdultId: r.personId, viaRelationship: adults.get(r.personId)! });
  }
  for (const [id, kind] of siblingKind) if (id !== childId) members.set(id, { kind });
  for (const [id, shared] of sharedParents) {
    if (members.has(id)) continue;
    members.set(id, { kind: parents.length >= 2 && shared.size >= 2 ? 'sibling' : 'half_sibling' });
  }
  for (const [id, relationship] of adults) if (!members.has(id)) members.set(id, { kind: 'adult', relationship });
  for (const [id, via] of viaAdult) if (!members.has(id)) members.set(id, { kind: 'adults_child', ...via });
  return [...members.entries()].map(([personId, relation]) => ({ personId, relation }));
}
