import { getMetadataStorage } from 'class-validator';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage';

// Where class-transformer's decorators (@Type, @Transform, @Expose, @Exclude) keep their metadata; the
// package exports no typed path to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { defaultMetadataStorage: transformerMetadata } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage };

type Storage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = Parameters<Storage['addValidationMetadata']>[0];
type ConstraintMetadata = Parameters<Storage['addConstraintMetadata']>[0];
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const installed = new WeakSet<Storage>();
/** Raised each time metadata is added to a storage the cache is installed on (see validationMetadataGeneration). */
let generation = 0;
let transformerWatched = false;

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
 *
 * Each addition also raises the generation (validationMetadataGeneration), as does one to
 * class-transformer's metadata, for caches built elsewhere from the metadata the pipe reads
 * (plainAcceptance's plans) to see that they are out of date.
 */
export function installValidationMetadataCache(storage: Storage = getMetadataStorage()): void {
  watchTransformerMetadata();
  if (installed.has(storage)) return;
  installed.add(storage);
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  let answers = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let groupings = new WeakMap<ValidationMetadata[], Grouped>();

  storage.addValidationMetadata = (metadata: ValidationMetadata) => {
    answers = new WeakMap();
    groupings = new WeakMap();
    generation++;
    add(metadata);
  };
  // Not in the lookups' answers, but a rule's validator is found through it.
  storage.addConstraintMetadata = (metadata: ConstraintMetadata) => {
    generation++;
    addConstraint(metadata);
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

/** @Type, @Transform, @Expose and @Exclude change what the pipe does with a class too: each raises the generation. */
function watchTransformerMetadata(): void {
  if (transformerWatched) return;
  transformerWatched = true;
  for (const method of ['addTypeMetadata', 'addTransformMetadata', 'addExposeMetadata', 'addExcludeMetadata'] as const) {
    const add = transformerMetadata[method].bind(transformerMetadata) as (metadata: never) => void;
    transformerMetadata[method] = ((metadata: never) => {
      generation++;
      add(metadata);
    }) as never;
  }
}

/**
 * A number that changes whenever a rule or a validator is registered with class-validator (on a
 * storage the cache is installed on: install it first), or a class-transformer decorator is
 * applied. Something computed from that metadata and kept (plainAcceptance's plan of a class) is
 * out of date once the number has changed since.
 */
export function validationMetadataGeneration(): number {
  return generation;
}
