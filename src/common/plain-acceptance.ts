import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import { TransformationType } from 'class-transformer';
import { installValidationMetadataCache, transformerMetadata, validationMetadataGeneration } from './validation-metadata-cache';

type Check = (value: unknown) => boolean;
type Plan = (object: Record<string, unknown>) => boolean;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
type Constructor = new () => object;
/** Plans by class and by the schema name class-validator looks its rules up with. */
type Plans = Map<Constructor, Map<string, Plan>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
const never: Plan = () => false;

/**
 * A quick "yes" to: would the validation pipe (common/validation.ts) accept this parsed JSON value
 * as a `metatype`? For callers that check many values of one class, where the pipe's cost per value
 * (class-transformer building instances, class-validator building an error tree and a promise per
 * object, whether or not anything is wrong) is most of their time: the legacy import checks tens of
 * thousands of lines.
 *
 * It is read from the same metadata the pipe uses and runs the very same constraint functions with
 * the same arguments, on the same values (with implicit conversion off, class-transformer copies
 * primitives and arrays of them as they are, and builds nested objects of their @Type class with the
 * same properties). It says `true` only when every rule the pipe would run holds; anything it does
 * not model says `false`: a property the class does not declare (the pipe refuses it, or strips a
 * `__proto__`), a value that is not plain JSON, a constraint answering asynchronously, a nested
 * object without @Type or with a discriminator, any @Transform, @Expose or @Exclude, a class whose
 * instances start with values. The caller then asks the pipe itself, so the pipe stays the one judge
 * of every refusal and of its wording. An accepted value is the data the pipe would return, as plain
 * objects instead of DTO instances.
 */
export function plainAcceptance(metatype: Constructor): Check {
  // The plans are read from the metadata once, and read again after a decorator has added to it (a
  // rule, a validator, a @Type...), as the metadata cache's generation tells.
  installValidationMetadataCache();
  let generation = validationMetadataGeneration();
  let root = planFor(metatype, undefined, new Map());
  return (value) => {
    if (generation !== validationMetadataGeneration()) {
      generation = validationMetadataGeneration();
      root = planFor(metatype, undefined, new Map());
    }
    return isPlainObject(value) && root(value);
  };
}

/** The plan of a class, as ValidationExecutor.execute(object, schema) runs on an instance of it (validatorOptions of createValidationPipe). */
function planFor(cls: Constructor, schema: string | undefined, plans: Plans): Plan {
  const ofClass = plans.get(cls) ?? plans.set(cls, new Map()).get(cls)!;
  const known = ofClass.get(schema ?? '');
  if (known) return known;
  let plan: Plan = never;
  // A nested class may contain itself: the entry is there before its properties are planned.
  ofClass.set(schema ?? '', (object) => plan(object));
  plan = build(cls, schema, plans);
  ofClass.set(schema ?? '', plan);
  return plan;
}

function build(cls: Constructor, schema: string | undefined, plans: Plans): Plan {
  const storage = getMetadataStorage();
  // Arguments as ValidationExecutor passes them with no groups, `always` and `strictGroups` off.
  const metadatas = storage.getTargetValidationMetadatas(cls, schema as string, false, false, undefined);
  if (!metadatas.length) return never; // forbidUnknownValues
  const grouped = storage.groupByPropertyName(metadatas);
  const properties = new Set(Object.keys(grouped).filter((p) => grouped[p].length));
  let blank: Record<string, unknown>;
  try {
    blank = new cls() as Record<string, unknown>;
  } catch {
    return never;
  }
  // The instance class-transformer fills: a property it starts with is validated (and whitelisted) too.
  if (Object.keys(blank).some((p) => blank[p] !== undefined || !properties.has(p))) return never;
  if (transformerMetadata.getStrategy(cls) !== 'none' || transformerMetadata.getExposedMetadatas(cls).length || transformerMetadata.getExcludedMetadatas(cls).length) return never;

  const checks: Plan[] = [];
  for (const property of Object.keys(grouped)) {
    if (transformerMetadata.findTransformMetadatas(cls, property, TransformationType.PLAIN_TO_CLASS).length) return never;
    const all = grouped[property];
    const supported = [ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.NESTED_VALIDATION, ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.IS_DEFINED, ValidationTypes.WHITELIST];
    if (all.some((m) => !supported.includes(m.type))) return never;
    const conditions = all.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.constraints[0] as (o: object, v: unknown) => boolean);
    const defined = all.filter((m) => m.type === ValidationTypes.IS_DEFINED).map((m) => custom(m, cls));
    const customs = all.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION).map((m) => custom(m, cls));
    const nested = all.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION).map((m) => nestedCheck(m, cls, property, plans));
    // @Type without ValidateNested converts the value (to a Date, a number...) before it is checked.
    if (!nested.length && transformerMetadata.findTypeMetadata(cls, property)) return never;
    const rules = [...defined, ...customs];
    checks.push((object) => {
      const value = object[property];
      for (let i = 0; i < conditions.length; i++) if (!conditions[i](object, value)) return true;
      for (let i = 0; i < rules.length; i++) if (!rules[i](object, value)) return false;
      if (value === undefined) return true;
      for (let i = 0; i < nested.length; i++) if (!nested[i](value)) return false;
      return true;
    });
  }
  return (object) => {
    const keys = Object.keys(object); // as ValidationExecutor.whitelist lists them
    for (let i = 0; i < keys.length; i++) if (!properties.has(keys[i])) return false; // whitelist, forbidNonWhitelisted
    for (let i = 0; i < checks.length; i++) if (!checks[i](object)) return false;
    return true;
  };
}

/** One custom (or IsDefined) rule, as ValidationExecutor.customValidations runs it; an asynchronous answer is no quick yes. */
function custom(metadata: ValidationMetadata, cls: Constructor): (object: Record<string, unknown>, value: unknown) => boolean {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  if (constraints.some((c) => c.async)) return () => false;
  const validators = constraints.map((c) => c.instance);
  // One arguments object per rule, refilled for each value: the rules are synchronous and keep nothing.
  const args: ValidationArguments = { targetName: cls.name, property: metadata.propertyName, object: {}, value: undefined, constraints: metadata.constraints };
  const holds = (item: unknown) => {
    for (let v = 0; v < validators.length; v++) {
      const ok: unknown = validators[v].validate(item, args);
      if (ok === true) continue;
      // A rule answering with a promise is left to the pipe; its answer is not waited for here.
      if (ok instanceof Promise) ok.catch(() => undefined);
      return false;
    }
    return true;
  };
  return (object, value) => {
    if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
    args.object = object;
    args.value = value;
    if (!(metadata.each && Array.isArray(value))) return holds(value);
    for (let i = 0; i < value.length; i++) if (!holds(value[i])) return false;
    return true;
  };
}

/** ValidateNested: a plain object, or a list of them, each checked as an instance of the property's @Type class. */
function nestedCheck(metadata: ValidationMetadata, cls: Constructor, property: string, plans: Plans): Check {
  const type = transformerMetadata.findTypeMetadata(cls, property);
  // A discriminator picks the class from the value; a Set or a Map is built from the list.
  if (!type || type.options?.discriminator || type.reflectedType === Set || type.reflectedType === Map || typeof metadata.target === 'string') return () => false;
  const schema = metadata.target.name;
  let plan: Plan | undefined;
  const nestedPlan = () => (plan ??= planFor(type.typeFunction({ newObject: undefined, object: {}, property }) as Constructor, schema, plans));
  const one = (item: unknown) => isPlainObject(item) && nestedPlan()(item);
  return (value) => {
    if (!Array.isArray(value)) return one(value);
    for (let i = 0; i < value.length; i++) if (!one(value[i])) return false;
    return true;
  };
}
