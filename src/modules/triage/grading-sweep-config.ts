import { readConfigYaml } from '../../common/config-yaml';
import { ConfigError } from '../../common/config-error';
import { GradingSweepConfig, parseGradingSweepConfig } from './domain/grading-sweep';

export const GRADING_SWEEP_CONFIG = Symbol('GRADING_SWEEP_CONFIG');
export const GRADING_FILE = 'grading.yaml';

/** config/grading.yaml, validated at boot. */
export function loadGradingSweepConfig(configDir: string): GradingSweepConfig {
  const parsed = parseGradingSweepConfig(readConfigYaml(configDir, GRADING_FILE));
  if (Array.isArray(parsed)) throw new ConfigError(`Invalid ${GRADING_FILE}: ${parsed.join('; ')}`);
  return parsed;
}
