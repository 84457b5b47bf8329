import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigYaml } from '../../common/config-yaml';
import { ConfigError } from '../../common/config-error';
import { parseThresholdFramework, selectActive, ThresholdFramework } from './domain/framework';
import type { Grade } from './domain/grades';

export const THRESHOLDS_DIR = 'thresholds';

/**
 * The threshold frameworks of config/thresholds (SPEC RAG-1, RAG-2): every file is validated when the
 * process starts (a bad file stops the boot with the file and each problem named), exactly one is
 * active and grades new contacts; the others stay readable for grades made under them.
 */
export class ThresholdFrameworks {
  private readonly byVersion: Map<string, ThresholdFramework>;

  constructor(
    frameworks: ThresholdFramework[],
    readonly active: ThresholdFramework,
  ) {
    this.byVersion = new Map(frameworks.map((f) => [f.version, f]));
  }

  version(version: string): ThresholdFramework | undefined {
    return this.byVersion.get(version);
  }

  /** Criterion ids a worker may choose for a grade under the active framework (RAG-3). */
  criteria(grade: Grade): string[] {
    return this.active.grades[grade].criteria.map((c) => c.id);
  }

  static load(configDir: string): ThresholdFrameworks {
    const dir = join(configDir, THRESHOLDS_DIR);
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch (error) {
      throw new ConfigError(`Cannot read the threshold frameworks in ${dir}: ${(error as Error).message}`);
    }
    if (files.length === 0) throw new ConfigError(`No threshold framework (*.yaml) in ${dir}`);
    const frameworks = files.map((f) => parseThresholdFramework(readConfigYaml(configDir, join(THRESHOLDS_DIR, f)), `threshold framework ${join(dir, f)}`));
    try {
      return new ThresholdFrameworks(frameworks, selectActive(frameworks));
    } catch (error) {
      throw new ConfigError(`Invalid threshold frameworks in ${dir}: ${(error as Error).message}`);
    }
  }
}
