import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = Parameters<Storage['addValidationMetadata']>[0];
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const installed = new WeakSet<Storage>();

/**
 * Memoizes class-validator's metadata lookups, which it repeats for every object it validates.
 *
 * `getTargetValidationMetadatas` tests the object's class against every decorated class in the
 * process (`instanceof`, to find inherited rules) and filters the result, for each nested object of
 * each request: 3.6% of the API's CPU under bench:intake, the single heaviest function in it
 * (upstream: typestack/class-validator#2686, open). The answer depends only on its arguments and on
 * the registered metadata, which decorators add when a class is defined; so answers are cached per
 * class and arguments, and every cache is dropped whenever metadata is added, which keeps a class
 * defined later (or a rule added later) exactly as correct as without the cache. The grouping by
 * property name that the validator makes of each answer is cached with it. Neither is mutated by
 * class-validator (ValidationExecutor only reads them).
 */
export function installValidationMetadataCache(storage: Storage = getMetadataStorage()): void {
  if (installed.has(storage)) return;
  installed.add(storage);
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let answers = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let groupings = new WeakMap<ValidationMetadata[], Grouped>();

  storage.addValidationMetadata = (metadata: ValidationMetadata) => {
    answers = new WeakMap();
    groupings = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups === undefined ? '' : JSON.stringify(groups)}`;
    let byArguments = answers.get(target);
    if (!byArguments) answers.set(target, (byArguments = new Map()));
    let answer = byArguments.get(key);
    if (!answer) byArguments.set(key, (answer = lookup(target, schema, always, strictGroups, groups)));
    return answer;
  };
  storage.groupByPropertyName = (metadata: ValidationMetadata[]) => {
    let grouped = groupings.get(metadata);
    if (!grouped) groupings.set(metadata, (grouped = group(metadata)));
    return grouped;
  };
}
