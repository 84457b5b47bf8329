import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '../../config/app-config';
import { readConfigYaml } from '../checks/read-config-yaml';
import { ApprovalPolicy, validateApprovalPolicy } from './domain/approval-policy';
import { ReasonCatalogue, validateReasonCatalogue } from './domain/decision-reasons';

/** The decision form's reason codes and the approval policy, read and validated once at boot. */
export class DecisionsConfig {
  constructor(
    readonly reasons: ReasonCatalogue,
    readonly policy: ApprovalPolicy,
  ) {}
}

/** Throws a ConfigError naming every problem in both files, so the service refuses to start. */
export function loadDecisionsConfig(configDir: string): DecisionsConfig {
  const reasons = validateReasonCatalogue(readConfigYaml(configDir, 'decision-reasons.yaml'));
  const approval = validateApprovalPolicy(readConfigYaml(configDir, 'decision-approval.yaml'));
  const problems = [...reasons.problems.map((p) => `decision-reasons.yaml: ${p}`), ...approval.problems.map((p) => `decision-approval.yaml: ${p}`)];
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return new DecisionsConfig(reasons.catalogue!, approval.policy!);
}

export const decisionsConfigProvider: Provider = {
  provide: DecisionsConfig,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadDecisionsConfig(config.configDir),
};
