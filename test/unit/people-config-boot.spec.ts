import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/app-config';
import { loadPeopleConfig } from '../../src/modules/people/people-config.provider';

/** The people module's runtime files are validated at boot (PEOPLE_CONFIG provider): a bad file stops the process. */
describe('config/people-*.yaml at boot', () => {
  const shipped = join(__dirname, '../../config');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'people-config-'));
    for (const f of ['people-matching.yaml', 'people-history.yaml']) copyFileSync(join(shipped, f), join(dir, f));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the shipped files', () => {
    const cfg = loadPeopleConfig(dir);
    expect(cfg.matching.thresholds).toEqual({ autoLink: 0.9, candidate: 0.55 });
    expect(cfg.history.flags.siblingCpPlan).toEqual({ count: 1 });
  });

  it('refuses a threshold out of range, naming the file and the setting', () => {
    const file = join(dir, 'people-matching.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('autoLink: 0.9 ', 'autoLink: 9 '));
    expect(() => loadPeopleConfig(dir)).toThrow(ConfigError);
    expect(() => loadPeopleConfig(dir)).toThrow(/Invalid people-matching\.yaml:[\s\S]*thresholds\.autoLink: must be a number from 0 to 1/);
  });

  it('refuses a file that is not YAML, or is missing', () => {
    writeFileSync(join(dir, 'people-history.yaml'), 'flags: [unclosed');
    expect(() => loadPeopleConfig(dir)).toThrow(/Invalid people-history\.yaml: not valid YAML/);
    rmSync(join(dir, 'people-history.yaml'));
    expect(() => loadPeopleConfig(dir)).toThrow(/Invalid people-history\.yaml: cannot read/);
  });
});
