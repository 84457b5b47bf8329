import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '../../config/app-config';
import { readConfigYaml } from '../../common/config-yaml';
import { AuditForm, validateAuditForm } from './domain/audit-form';
import { SamplingConfig, validateSamplingConfig } from './domain/sampling';

/** config/audit-sampling.yaml and config/audit-form.yaml, validated at boot (a bad file stops the service). */
export class OversightConfig {
  constructor(
    readonly sampling: SamplingConfig,
    readonly form: AuditForm,
  ) {}
}

export function loadOversightConfig(configDir: string): OversightConfig {
  const sampling = validateSamplingConfig(readConfigYaml(configDir, 'audit-sampling.yaml'));
  const form = validateAuditForm(readConfigYaml(configDir, 'audit-form.yaml'));
  const problems = [...sampling.problems.map((p) => `audit-sampling.yaml: ${p}`), ...form.problems.map((p) => `audit-form.yaml: ${p}`)];
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return new OversightConfig(sampling.config!, form.form!);
}

export const oversightConfigProvider: Provider = {
  provide: OversightConfig,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadOversightConfig(config.configDir),
};
