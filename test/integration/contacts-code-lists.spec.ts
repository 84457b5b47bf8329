import type { FactoryProvider } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { cinCodeListsProvider } from '../../src/modules/contacts/code-lists.provider';
import type { CinCodeLists } from '../../src/modules/contacts/domain/code-lists';

/**
 * The CIN census code lists are read once at boot by this provider; when it throws, Nest stops the
 * process (the API exits with the reason), so an unreadable file can never mean "no codes are valid".
 */
describe('Contact intake code lists at boot', () => {
  const load = (configDir: string) => (cinCodeListsProvider as FactoryProvider<CinCodeLists>).useFactory({ ...loadConfig(), configDir }) as CinCodeLists;
  const dir = mkdtempSync(join(tmpdir(), 'mash-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the repository’s file loads: referral sources 1A-10 and the current factor codes', () => {
    const lists = load(loadConfig().configDir);
    expect(lists.version).toBe('2025-26');
    for (const code of ['1A', '1D', '2A', '5D', '6', '9', '10']) expect(lists.referralSources.has(code)).toBe(true);
    for (const code of ['18B', '18C', '19C', '24A']) expect(lists.cinFactorCodes.has(code)).toBe(true);
    expect(lists.cinFactorCodes.has('18A')).toBe(false); // retired
  });

  it('a missing file fails, naming the file', () => {
    expect(() => load(dir)).toThrow(/Cannot load the CIN census code lists from .*cin-census-2025-26\.yaml/);
  });

  it.each([
    ['version: "2025-26"\nfactorsIdentified:\n  - { code: "18C" }\n', /code list "referralSource" is missing or empty/],
    ['referralSource: [ { code: "1A" }\n', /Cannot load/],
  ])('a broken file fails, saying what is wrong (%#)', (content, message) => {
    mkdirSync(join(dir, 'code-lists'), { recursive: true });
    writeFileSync(join(dir, 'code-lists', 'cin-census-2025-26.yaml'), content);
    expect(() => load(dir)).toThrow(message);
  });
});
