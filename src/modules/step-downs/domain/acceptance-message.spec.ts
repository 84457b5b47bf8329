import { acceptanceMessage, initials } from './acceptance-message';

describe('acceptance notice', () => {
  it.each<[string | null, string | null, string]>([
    ['Amy', 'Family', 'A.F.'],
    [' amy ', null, 'A.'],
    [null, null, 'unnamed'],
  ])('initials(%p, %p) = %p', (first, last, expected) => {
    expect(initials(first, last)).toBe(expected);
  });

  it('names the lead professional and the contact, never the child, and escapes HTML', () => {
    const m = acceptanceMessage('gp', {
      contactReference: 'MASH-2026-000123', childInitials: 'A.F.', childDateOfBirth: '2019-05-04', leadProfessionalName: 'Eli <Early> Help',
      leadProfessionalEmail: 'eli@eh.localhost', receivingAgencyName: 'Northshire Early Help Service', acceptedAt: new Date('2026-11-20T10:00:00Z'),
    });
    expect(m.subject).toBe('Early help lead professional for contact MASH-2026-000123');
    expect(m.text).toContain('To the GP practice');
    expect(m.text).toContain('child A.F., born 2019-05-04');
    expect(m.text).toContain('Lead professional: Eli <Early> Help, Northshire Early Help Service (eli@eh.localhost).');
    expect(m.html).toContain('Eli &lt;Early&gt; Help');
    expect(m.html).not.toContain('<Early>');
  });
});
