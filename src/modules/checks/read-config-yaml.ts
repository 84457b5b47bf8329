import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../../config/app-config';

/** Reads a YAML file of the config folder; a missing or unreadable file is a boot failure naming the file. */
export function readConfigYaml(configDir: string, file: string): unknown {
  const path = resolve(configDir, file);
  if (!existsSync(path)) throw new ConfigError(`Invalid configuration:\n  - ${file}: file not found in ${configDir}`);
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  - ${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
}
