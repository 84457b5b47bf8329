import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '../../config/app-config';
import { readConfigYaml } from '../../common/config-yaml';
import { parseRetentionPolicy, RetentionPolicy } from './domain/retention-policy';

export const RETENTION_POLICY = Symbol('RETENTION_POLICY');

/** Reads config/retention.yaml; a bad file stops the boot naming each problem. */
export function loadRetentionPolicy(configDir: string): RetentionPolicy {
  const { policy, problems } = parseRetentionPolicy(readConfigYaml(configDir, 'retention.yaml'));
  if (!policy) throw new ConfigError(`Invalid configuration:\n  - retention.yaml: ${problems.join('\n  - retention.yaml: ')}`);
  return policy;
}

export const retentionPolicyProvider: Provider = {
  provide: RETENTION_POLICY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadRetentionPolicy(config.configDir),
};
