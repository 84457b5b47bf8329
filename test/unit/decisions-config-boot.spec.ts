import { Test } from '@nestjs/testing';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_CONFIG, ConfigError, loadConfig } from '../../src/config/app-config';
import { checksSettingsProvider, loadChecksSettings } from '../../src/modules/checks/checks-settings';
import { decisionsConfigProvider, loadDecisionsConfig } from '../../src/modules/decisions/decisions-config';

/** The decision and check configuration is validated at boot: a bad file stops the service, naming file and problem. */
describe('config/decision-*.yaml and checks.yaml at boot', () => {
  const shipped = resolve(__dirname, '../../config');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mash-config-'));
    cpSync(shipped, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const edit = (file: string, change: (text: string) => string) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  it('the shipped files load', () => {
    const config = loadDecisionsConfig(shipped);
    expect(config.reasons.byCode.get('perpetrator_in_custody')?.cannotStandAlone).toBe(true);
    expect(config.policy.requireApproval.everyNfa).toBe(true);
    expect(loadChecksSettings(shipped).config.perSubject).toEqual(['gp']);
  });

  it.each<[string, string, ((t: string) => string) | null, RegExp]>([
    ['a DEC-3 reason unmarked', 'decision-reasons.yaml', (t) => t.replace(/(code: family_moved\n\s+label: [^\n]+\n\s+)cannotStandAlone: true/, '$1cannotStandAlone: false'), /decision-reasons.yaml: reasons: "family_moved" must keep cannotStandAlone: true/],
    ['YAML that does not parse', 'decision-reasons.yaml', (t) => `${t}\n  - code: [unclosed`, /decision-reasons.yaml: not valid YAML/],
    ['a misspelt approval switch', 'decision-approval.yaml', (t) => t.replace('everyNfa:', 'everyNFA:'), /decision-approval.yaml: requireApproval.everyNFA: unknown key/],
    ['a missing file', 'decision-approval.yaml', null, /decision-approval.yaml: file not found/],
  ])('refuses %s', (_name, file, change, message) => {
    if (change) edit(file, change);
    else rmSync(join(dir, file));
    expect(() => loadDecisionsConfig(dir)).toThrow(ConfigError);
    expect(() => loadDecisionsConfig(dir)).toThrow(message);
  });

  it('refuses an unknown check type in checks.yaml', () => {
    edit('checks.yaml', (t) => t.replace('perSubject: [gp]', 'perSubject: [doctor]'));
    expect(() => loadChecksSettings(dir)).toThrow(/checks.yaml: required.perSubject\[0\]: "doctor" is not a check type/);
  });

  it('a Nest module with the providers does not start on a bad file', async () => {
    edit('decision-reasons.yaml', (t) => t.replace('code: perpetrator_in_custody', 'code: perpetrator_jailed'));
    const config = { ...loadConfig(process.env), configDir: dir };
    await expect(
      Test.createTestingModule({ providers: [{ provide: APP_CONFIG, useValue: config }, decisionsConfigProvider, checksSettingsProvider] }).compile(),
    ).rejects.toThrow(/"perpetrator_in_custody" is required by SPEC DEC-3/);
  });
});
