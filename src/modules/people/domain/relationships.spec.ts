import { familyOf, relationshipsForContact } from './relationships';

describe('relationships from a household (SPEC PPL-2)', () => {
  it('links each adult to each subject both ways, subjects as siblings, a partner to the parent', () => {
    const rows = relationshipsForContact({
      subjects: [{ personId: 'A' }, { personId: 'B' }, { personId: null }],
      household: [
        { personId: 'M', relationship: 'mother', parentalResponsibility: 'yes', resident: true },
        { personId: 'P', relationship: 'mothers_partner', parentalResponsibility: 'no', resident: true },
        { personId: null, relationship: 'father', parentalResponsibility: 'unknown', resident: null },
      ],
    });
    const has = (p: string, r: string, t: string) => rows.some((x) => x.personId === p && x.relatedPersonId === r && x.relationship === t);
    expect(has('A', 'B', 'sibling') && has('B', 'A', 'sibling')).toBe(true);
    expect(has('A', 'M', 'mother') && has('M', 'A', 'child') && has('B', 'M', 'mother')).toBe(true);
    expect(has('A', 'P', 'mothers_partner') && has('P', 'A', 'partners_child')).toBe(true);
    expect(has('P', 'M', 'partner') && has('M', 'P', 'partner')).toBe(true);
    expect(rows.find((x) => x.personId === 'A' && x.relatedPersonId === 'M')).toMatchObject({ parentalResponsibility: 'yes', resident: true });
    expect(rows).toHaveLength(12);
  });

  it('walks to half-siblings through a shared parent and to a partner’s other children', () => {
    // B's mother M (also mother of A with another father), B's father F, M's partner P (father of C).
    const family = familyOf(
      'B',
      [
        { relatedPersonId: 'M', relationship: 'mother' },
        { relatedPersonId: 'F', relationship: 'father' },
        { relatedPersonId: 'P', relationship: 'mothers_partner' },
        { relatedPersonId: 'S', relationship: 'sibling' },
      ],
      [
        { personId: 'M', relatedPersonId: 'A', relationship: 'child' },
        { personId: 'M', relatedPersonId: 'S', relationship: 'child' },
        { personId: 'F', relatedPersonId: 'S', relationship: 'child' },
        { personId: 'M', relatedPersonId: 'B', relationship: 'child' },
        { personId: 'P', relatedPersonId: 'C', relationship: 'child' },
        { personId: 'F', relatedPersonId: 'D', relationship: 'child' },
        { personId: 'M', relatedPersonId: 'D', relationship: 'child' },
      ],
    );
    const relation = Object.fromEntries(family.map((m) => [m.personId, m.relation]));
    expect(relation.B).toEqual({ kind: 'self' });
    expect(relation.S).toEqual({ kind: 'sibling' });
    expect(relation.A).toEqual({ kind: 'half_sibling' });
    expect(relation.D).toEqual({ kind: 'sibling' });
    expect(relation.M).toEqual({ kind: 'adult', relationship: 'mother' });
    expect(relation.C).toEqual({ kind: 'adults_child', viaAdultId: 'P', viaRelationship: 'mothers_partner' });
  });
});
