import { Inject, Injectable } from '@nestjs/common';
import { readConfigYaml } from '../../common/config-yaml';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { WorkingCalendar } from '../../modules/calendar/domain/working-calendar';
import { CIN_CODE_LIST_FILE } from '../../modules/contacts/code-lists.provider';
import { ThresholdFrameworks } from '../../modules/triage/threshold-frameworks';

export interface CodeList {
  name: string;
  entries: { code: string; label: string }[];
}

export interface ConfigurationInForce {
  framework: { version: string; effectiveFrom: string; grades: { grade: string; definition: string; requiredResponse: string }[]; rules: number };
  codeLists: { version: string; lists: CodeList[] };
  calendar: WorkingCalendar['config'];
}

const LIST_NAMES: Record<string, string> = {
  referralSource: 'Referral source',
  factorsIdentified: 'Factors identified at assessment',
  categoryOfAbuse: 'Category of abuse',
  reasonForClosure: 'Reason for closure',
  primaryNeed: 'Primary need',
};

/**
 * The runtime configuration in force, as the running processes loaded it at boot (the same
 * ThresholdFrameworks and WorkingCalendar instances that grade and time contacts), for
 * administrators to read. The code lists are read from the same file the boot validated, for
 * their labels.
 */
@Injectable()
export class RuntimeConfiguration {
  constructor(
    private readonly frameworks: ThresholdFrameworks,
    private readonly calendar: WorkingCalendar,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  inForce(): ConfigurationInForce {
    const active = this.frameworks.active;
    const raw = readConfigYaml(this.config.configDir, CIN_CODE_LIST_FILE) as Record<string, unknown>;
    const lists = Object.entries(LIST_NAMES)
      .filter(([key]) => Array.isArray(raw[key]))
      .map(([key, name]) => ({ name, entries: (raw[key] as { code: string; label?: string }[]).map((e) => ({ code: String(e.code), label: String(e.label ?? '') })) }));
    return {
      framework: {
        version: active.version,
        effectiveFrom: active.effectiveFrom,
        grades: Object.entries(active.grades).map(([grade, g]) => ({ grade, definition: g.definition, requiredResponse: g.requiredResponse })),
        rules: active.rules.length,
      },
      codeLists: { version: String(raw.version ?? ''), lists },
      calendar: this.calendar.config,
    };
  }
}
