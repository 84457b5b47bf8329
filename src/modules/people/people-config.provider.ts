import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../../config/app-config';
import { CONCERN_CATEGORIES } from '../contacts/domain/contact-vocabulary';
import { DECISION_OUTCOMES } from '../decisions/domain/decision-vocabulary';
import { CHILD_LEVELS } from '../step-downs/domain/child-level-vocabulary';
import { HistoryConfig, MatchingConfig, PeopleConfigError, validateHistoryConfig, validateMatchingConfig } from './domain/people-config';

export const PEOPLE_CONFIG = Symbol('PEOPLE_CONFIG');

export interface PeopleConfig {
  matching: MatchingConfig;
  history: HistoryConfig;
}

export const MATCHING_FILE = 'people-matching.yaml';
export const HISTORY_FILE = 'people-history.yaml';

function read(dir: string, file: string): unknown {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Invalid ${file}: cannot read ${path}`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new ConfigError(`Invalid ${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
}

/** Reads and validates config/people-*.yaml; throws a ConfigError naming every problem (boot fails). */
export function loadPeopleConfig(configDir: string): PeopleConfig {
  try {
    return {
      matching: validateMatchingConfig(read(configDir, MATCHING_FILE), MATCHING_FILE),
      history: validateHistoryConfig(
        read(configDir, HISTORY_FILE),
        { concernCategories: CONCERN_CATEGORIES, decisionOutcomes: DECISION_OUTCOMES, childLevels: CHILD_LEVELS },
        HISTORY_FILE,
      ),
    };
  } catch (error) {
    if (error instanceof PeopleConfigError) throw new ConfigError(error.message);
    throw error;
  }
}
