import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from './config-error';

/**
 * Reads one YAML file of the config folder (a local authority's settings). A missing, unreadable or
 * malformed file is a ConfigError naming the file, so the process does not start.
 */
export function readConfigYaml(configDir: string, file: string): unknown {
  const path = resolve(configDir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(`Invalid ${file}: cannot read ${path}: ${reason}`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new ConfigError(`Invalid ${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
}
