import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '../../config/app-config';
import { readConfigYaml } from '../../common/config-yaml';
import { EscalationConfig, validateEscalationConfig } from './domain/escalation';

export const ESCALATION_CONFIG = Symbol('ESCALATION_CONFIG');

/** config/escalation.yaml, validated at boot: a bad file stops the process naming each problem. */
export function loadEscalationConfig(configDir: string): EscalationConfig {
  const { config, problems } = validateEscalationConfig(readConfigYaml(configDir, 'escalation.yaml'));
  if (!config) throw new ConfigError(`Invalid configuration:\n  - ${problems.map((p) => `escalation.yaml: ${p}`).join('\n  - ')}`);
  return config;
}

export const escalationConfigProvider: Provider = {
  provide: ESCALATION_CONFIG,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadEscalationConfig(config.configDir),
};
