import { inAllowListedDomain, signInNotice } from './recipient-check';

describe('case content only to verified addresses (SPEC SEC-2)', () => {
  it.each([
    ['dsl@riverside-school.example', ['riverside-school.example'], true],
    ['Dsl@Riverside-School.Example', ['riverside-school.example'], true],
    ['lead@gp.nhs.example', ['nhs.example'], true], // a subdomain of an allow-listed domain
    ['lead@evilnhs.example', ['nhs.example'], false], // not a subdomain, only a suffix
    ['someone@gmail.example', ['riverside-school.example'], false],
    ['someone@riverside-school.example', [], false],
    ['someone@riverside-school.example', ['  '], false],
  ] as const)('%s with allow-list %j -> %s', (address, allowed, expected) => {
    expect(inAllowListedDomain(address, allowed)).toBe(expected);
  });

  it('the notice names the reference and carries nothing else of the case', () => {
    const notice = signInNotice('MASH-2026-000123');
    expect(notice.subject).toContain('MASH-2026-000123');
    expect(notice.text).toContain('Sign in to the MASH service');
    expect(notice.html).toContain('MASH-2026-000123');
  });
});
