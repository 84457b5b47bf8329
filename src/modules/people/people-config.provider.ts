import { ConfigError } from '../../common/config-error';
import { readConfigYaml } from '../../common/config-yaml';
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

/** Reads and validates config/people-*.yaml; throws a ConfigError naming every problem (boot fails). */
export function loadPeopleConfig(configDir: string): PeopleConfig {
  try {
    return {
      matching: validateMatchingConfig(readConfigYaml(configDir, MATCHING_FILE), MATCHING_FILE),
      history: validateHistoryConfig(
        readConfigYaml(configDir, HISTORY_FILE),
        { concernCategories: CONCERN_CATEGORIES, decisionOutcomes: DECISION_OUTCOMES, childLevels: CHILD_LEVELS },
        HISTORY_FILE,
      ),
    };
  } catch (error) {
    if (error instanceof PeopleConfigError) throw new ConfigError(error.message);
    throw error;
  }
}
