import { Transform, Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, MaxLength, Validate, ValidateNested, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { ValidationPipe } from '@nestjs/common';
import { plainAcceptance } from './plain-acceptance';
import { validationPipeOptions } from './validation';

class Pet {
  @IsString()
  @MaxLength(5)
  name!: string;
}

class Owner {
  @IsOptional()
  @IsString()
  nickname?: string | null;

  @ValidateNested({ each: true })
  @Type(() => Pet)
  pets!: Pet[];

  @IsOptional()
  @ValidateNested()
  @Type(() => Pet)
  favourite?: Pet | null;

  @IsOptional()
  @IsInt({ each: true })
  lucky?: number[];
}

@ValidatorConstraint({ name: 'slow', async: true })
class Slow implements ValidatorConstraintInterface {
  async validate() {
    return true;
  }
}

class WithAsyncRule {
  @Validate(Slow)
  note!: string;
}

class WithTransform {
  @Transform(({ value }) => String(value).trim())
  @IsString()
  note!: string;
}

class WithDate {
  @Type(() => Date)
  @IsDate()
  at!: Date;
}

class Untyped {
  @ValidateNested()
  pet!: Pet;
}

// As the import has them: parsed from JSON (structuredClone would make objects of another realm under Jest).
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

// Nest's pipe with the API's options: the judge the quick check must agree with (the API's own pipe now asks the quick check first).
const pipe = new ValidationPipe(validationPipeOptions());
const pipeAccepts = async (body: unknown, metatype: new () => object) => {
  try {
    await pipe.transform(clone(body), { type: 'body', metatype });
    return true;
  } catch {
    return false;
  }
};

describe('plainAcceptance: a quick yes to what the validation pipe accepts', () => {
  const owner = plainAcceptance(Owner);

  it.each([
    ['every rule holding', { nickname: 'Sam', pets: [{ name: 'Rex' }], favourite: { name: 'Tib' }, lucky: [3, 7] }],
    ['optional properties null or missing', { nickname: null, pets: [], favourite: null }],
    ['a nested list missing (ValidateNested alone does not require it)', {}],
  ])('says yes, as the pipe does, to %s', async (_, body) => {
    expect(owner(body)).toBe(true);
    expect(await pipeAccepts(body, Owner)).toBe(true);
  });

  it.each([
    ['a rule broken in a nested list', { pets: [{ name: 'Rex' }, { name: 'Alexandra' }] }],
    ['a wrong type', { nickname: 7, pets: [] }],
    ['a rule on each item broken by one', { pets: [], lucky: [3, 'seven'] }],
    ['a nested item that is not an object', { pets: ['Rex'] }],
    ['a property the class does not declare', { pets: [], age: 3 }],
    ['a property a nested class does not declare', { pets: [{ name: 'Rex', legs: 4 }] }],
  ])('says no, as the pipe does, to %s', async (_, body) => {
    expect(owner(body)).toBe(false);
    expect(await pipeAccepts(body, Owner)).toBe(false);
  });

  it('leaves to the pipe a __proto__ key, which the pipe strips (and then accepts)', async () => {
    const body = JSON.parse('{"pets": [], "__proto__": {"polluted": true}}');
    expect(owner(body)).toBe(false);
    expect(await pipeAccepts(body, Owner)).toBe(true);
  });

  it('leaves to the pipe a list of lists, which it does not model (the pipe checks each inner item)', async () => {
    const body = { pets: [[{ name: 'Rex' }]] };
    expect(owner(body)).toBe(false);
    expect(await pipeAccepts(body, Owner)).toBe(true);
  });

  it('says no to anything but a plain object', () => {
    expect(owner([])).toBe(false);
    expect(owner(null)).toBe(false);
    expect(owner('{"pets": []}')).toBe(false);
    expect(owner(Object.assign(new Owner(), { pets: [] }))).toBe(false);
  });

  it('leaves to the pipe a class it does not model: an asynchronous rule, a @Transform, a @Type converting a value, ValidateNested without @Type', async () => {
    expect(plainAcceptance(WithAsyncRule)({ note: 'x' })).toBe(false);
    expect(await pipeAccepts({ note: 'x' }, WithAsyncRule)).toBe(true);
    expect(plainAcceptance(WithTransform)({ note: 7 })).toBe(false);
    expect(await pipeAccepts({ note: 7 }, WithTransform)).toBe(true); // the pipe converts 7 to '7' first
    expect(plainAcceptance(WithDate)({ at: '2020-01-01' })).toBe(false);
    expect(await pipeAccepts({ at: '2020-01-01' }, WithDate)).toBe(true);
    expect(plainAcceptance(Untyped)({ pet: { name: 'Rex' } })).toBe(false);
  });

  it('reads the rules again once one is added after it was made (the legacy import keeps one for its whole life)', async () => {
    class Later {
      @IsString()
      note!: string;
    }
    const later = plainAcceptance(Later);
    expect(later({ note: 'a long note' })).toBe(true);
    MaxLength(4)(Later.prototype, 'note');
    expect(later({ note: 'a long note' })).toBe(false);
    expect(await pipeAccepts({ note: 'a long note' }, Later)).toBe(false);
    expect(later({ note: 'note' })).toBe(true);
  });
});
