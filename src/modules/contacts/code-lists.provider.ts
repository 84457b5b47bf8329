import type { Provider } from '@nestjs/common';
import { join } from 'node:path';
import { ConfigError } from '../../common/config-error';
import { readConfigYaml } from '../../common/config-yaml';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CinCodeLists, toCinCodeLists } from './domain/code-lists';

export const CIN_CODE_LISTS = Symbol('CIN_CODE_LISTS');
export const CIN_CODE_LIST_FILE = 'code-lists/cin-census-2025-26.yaml';

/** Reads and checks the code lists; an unreadable or malformed file throws with the reason. */
export function loadCinCodeLists(configDir: string): CinCodeLists {
  const file = join(configDir, CIN_CODE_LIST_FILE);
  try {
    return toCinCodeLists(readConfigYaml(configDir, CIN_CODE_LIST_FILE));
  } catch (error) {
    throw new ConfigError(`Cannot load the CIN census code lists from ${file}: ${(error as Error).message}`);
  }
}

/** Read once at boot; an unreadable or malformed file stops the process with the reason. */
export const cinCodeListsProvider: Provider = {
  provide: CIN_CODE_LISTS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): CinCodeLists => loadCinCodeLists(config.configDir),
};
