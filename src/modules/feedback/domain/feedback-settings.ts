/**
 * The feedback configuration a local authority changes without code (config/feedback-templates/
 * feedback.yaml), validated so that a missing word or a bad link stops the process at boot rather
 * than reaching a referrer. Pure: takes the parsed YAML, returns typed settings or throws.
 */
import type { DeliveryPolicy } from '../../mail/domain/retry-policy';

export interface TeamContact {
  /** The team, e.g. "Northshire MASH". */
  name: string;
  /** The named contact every professional message carries (SPEC FB-2). */
  contactName: string;
  phone: string;
  email: string;
  hours: string;
}

export interface ChallengeRoute {
  title: string;
  url: string;
  version: string;
}

export interface OutcomeWords {
  /** For professionals and agencies: the decision in the service's words. */
  label: string;
  /** What happens next, for professionals and agencies. */
  next: string;
  /** For the public: the outcome in plain words only (SPEC FB-2); also the public status text. */
  public: string;
}

export interface FeedbackSettings {
  version: string;
  team: TeamContact;
  outOfHours: string;
  challenge: ChallengeRoute;
  howToAddInformation: { professional: string; public: string };
  confidentialityStatement: string;
  thresholdLevels: Record<string, string>;
  outcomes: Record<string, OutcomeWords>;
  publicStatus: { inProgress: string; oneOfSeveral: string };
  subjects: Record<string, Record<string, string>>;
  delivery: DeliveryPolicy;
}

export class FeedbackSettingsError extends Error {}

type Raw = Record<string, unknown>;

export function parseFeedbackSettings(raw: unknown, requiredOutcomes: readonly string[], slots: readonly { audience: string; kind: string }[]): FeedbackSettings {
  const problems: string[] = [];
  const obj = (value: unknown, path: string): Raw => {
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Raw;
    problems.push(`${path}: must be a mapping`);
    return {};
  };
  const str = (parent: Raw, key: string, path: string): string => {
    const value = parent[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (typeof value === 'number') return String(value);
    problems.push(`${path}.${key}: must be a non-empty text`);
    return '';
  };

  const root = obj(raw, 'feedback.yaml');
  const team = obj(root.team, 'team');
  const challenge = obj(root.challenge, 'challenge');
  const how = obj(root.howToAddInformation, 'howToAddInformation');
  const levels = obj(root.thresholdLevels, 'thresholdLevels');
  const outcomes = obj(root.outcomes, 'outcomes');
  const publicStatus = obj(root.publicStatus, 'publicStatus');
  const subjects = obj(root.subjects, 'subjects');
  const delivery = obj(root.delivery, 'delivery');

  const settings: FeedbackSettings = {
    version: str(root, 'version', 'feedback.yaml'),
    team: {
      name: str(team, 'name', 'team'),
      contactName: str(team, 'contactName', 'team'),
      phone: str(team, 'phone', 'team'),
      email: str(team, 'email', 'team'),
      hours: str(team, 'hours', 'team'),
    },
    outOfHours: str(root, 'outOfHours', 'feedback.yaml'),
    challenge: { title: str(challenge, 'title', 'challenge'), url: str(challenge, 'url', 'challenge'), version: str(challenge, 'version', 'challenge') },
    howToAddInformation: { professional: str(how, 'professional', 'howToAddInformation'), public: str(how, 'public', 'howToAddInformation') },
    confidentialityStatement: str(root, 'confidentialityStatement', 'feedback.yaml'),
    thresholdLevels: {},
    outcomes: {},
    publicStatus: { inProgress: str(publicStatus, 'inProgress', 'publicStatus'), oneOfSeveral: str(publicStatus, 'oneOfSeveral', 'publicStatus') },
    subjects: {},
    delivery: { maxAttempts: 0, backoffSeconds: [] },
  };

  if (settings.challenge.url && !/^https?:\/\/\S+$/.test(settings.challenge.url)) problems.push('challenge.url: must be an http(s) link');
  if (settings.publicStatus.oneOfSeveral && !(settings.publicStatus.oneOfSeveral.includes('{{n}}') && settings.publicStatus.oneOfSeveral.includes('{{of}}'))) problems.push('publicStatus.oneOfSeveral: must contain {{n}} and {{of}}');
  for (const level of ['1', '2', '3', '4']) settings.thresholdLevels[level] = str(levels, level, 'thresholdLevels');
  for (const outcome of requiredOutcomes) {
    const words = obj(outcomes[outcome], `outcomes.${outcome}`);
    settings.outcomes[outcome] = { label: str(words, 'label', `outcomes.${outcome}`), next: str(words, 'next', `outcomes.${outcome}`), public: str(words, 'public', `outcomes.${outcome}`) };
  }
  for (const { audience, kind } of slots) {
    const forAudience = obj(subjects[audience], `subjects.${audience}`);
    (settings.subjects[audience] ??= {})[kind] = str(forAudience, kind, `subjects.${audience}`);
  }

  const maxAttempts = delivery.maxAttempts;
  const backoff = delivery.backoffSeconds;
  if (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 1 || (maxAttempts as number) > 50) problems.push('delivery.maxAttempts: must be a whole number from 1 to 50');
  if (!Array.isArray(backoff) || backoff.length === 0 || backoff.some((s) => typeof s !== 'number' || !(s > 0) || s > 7 * 86400)) {
    problems.push('delivery.backoffSeconds: must be a list of positive numbers of seconds (at most 7 days each)');
  }
  settings.delivery = { maxAttempts: maxAttempts as number, backoffSeconds: backoff as number[] };

  if (problems.length > 0) throw new FeedbackSettingsError(`Invalid feedback configuration:\n  - ${problems.join('\n  - ')}`);
  return settings;
}
