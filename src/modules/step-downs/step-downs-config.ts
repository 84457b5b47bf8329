import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '../../config/app-config';
import { ROLES, Role } from '../../auth/roles';
import { readConfigYaml } from '../../common/config-yaml';

export interface StepDownsConfig {
  version: string;
  /** The role that may override STEP-3 blocks (not the sexual abuse block) with a reason. */
  seniorManagerRole: Role;
  sweepEverySeconds: number;
}

export const STEP_DOWNS_CONFIG = Symbol('STEP_DOWNS_CONFIG');

/** Reads config/step-downs.yaml; a bad file stops the boot naming the problem. */
export function loadStepDownsConfig(configDir: string): StepDownsConfig {
  const raw = (readConfigYaml(configDir, 'step-downs.yaml') ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const role = raw.seniorManagerRole ?? 'mash_manager';
  if (!ROLES.includes(role as Role)) problems.push(`seniorManagerRole: must be one of ${ROLES.join(', ')}`);
  const every = raw.sweepEverySeconds ?? 60;
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 1) problems.push('sweepEverySeconds: must be a whole number of seconds, at least 1');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - step-downs.yaml: ${problems.join('\n  - step-downs.yaml: ')}`);
  return { version: String(raw.version ?? 'step-downs'), seniorManagerRole: role as Role, sweepEverySeconds: every as number };
}

export const stepDownsConfigProvider: Provider = {
  provide: STEP_DOWNS_CONFIG,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadStepDownsConfig(config.configDir),
};
