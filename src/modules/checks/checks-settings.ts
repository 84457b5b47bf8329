import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '../../config/app-config';
import { readConfigYaml } from '../../common/config-yaml';
import { ChecksConfig, validateChecksConfig } from './domain/checks-config';

/** config/checks.yaml, read and validated once at boot (the service refuses to start on a bad file). */
export class ChecksSettings {
  constructor(readonly config: ChecksConfig) {}
}

export function loadChecksSettings(configDir: string): ChecksSettings {
  const { config, problems } = validateChecksConfig(readConfigYaml(configDir, 'checks.yaml'));
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.map((p) => `checks.yaml: ${p}`).join('\n  - ')}`);
  return new ChecksSettings(config!);
}

export const checksSettingsProvider: Provider = {
  provide: ChecksSettings,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadChecksSettings(config.configDir),
};
