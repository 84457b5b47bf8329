import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, MaxLength, ValidateNested } from 'class-validator';
import { createValidationPipe } from './validation';

class Child {
  @IsString()
  @MaxLength(5)
  name!: string;
}

class Parent {
  @ValidateNested({ each: true })
  @Type(() => Child)
  children!: Child[];
}

const pipe = createValidationPipe(); // installs the cache
const asBody = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

async function failures(body: unknown, metatype: ArgumentMetadata['metatype']): Promise<{ field: string; rule: string }[]> {
  try {
    await pipe.transform(body, asBody(metatype));
    return [];
  } catch (error) {
    const details = ((error as BadRequestException).getResponse() as { details: { field: string; rule: string }[] }).details;
    return details.map(({ field, rule }) => ({ field, rule }));
  }
}

describe('class-validator metadata cache (API CPU, bench:intake)', () => {
  it('answers the metadata lookup from the cache after the first call', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    // Other arguments are another answer: with a group asked for, the ungrouped rules do not apply.
    expect(storage.getTargetValidationMetadatas(Child, '', false, false, ['admin'])).toEqual([]);
  });

  it('validates nested objects exactly as before, rule by rule', async () => {
    expect(await failures({ children: [{ name: 'Amy' }, { name: 'Alexandra' }, { name: 7 }, { name: 'Al', age: 3 }] }, Parent)).toEqual([
      { field: 'children[1].name', rule: 'maxLength' },
      { field: 'children[2].name', rule: 'maxLength' },
      { field: 'children[2].name', rule: 'isString' },
      { field: 'children[3].age', rule: 'unknownProperty' },
    ]);
    expect(await failures({ children: [{ name: 'Amy' }] }, Parent)).toEqual([]);
  });

  it('sees a class defined after the first validation, with the rules it inherits', async () => {
    await failures({ name: 'Amy' }, Child); // Child's answer is cached now
    class Grandchild extends Child {
      @IsInt()
      age!: number;
    }
    const found = await failures({ name: 'Alexandra', age: 'three' }, Grandchild);
    expect(found).toHaveLength(2);
    expect(found).toEqual(expect.arrayContaining([{ field: 'name', rule: 'maxLength' }, { field: 'age', rule: 'isInt' }]));
  });

  it('sees a rule added to a class after that class was validated', async () => {
    class Late {
      @IsString()
      note!: string;
    }
    expect(await failures({ note: 'a long note' }, Late)).toEqual([]);
    MaxLength(4)(Late.prototype, 'note');
    expect(await failures({ note: 'a long note' }, Late)).toEqual([{ field: 'note', rule: 'maxLength' }]);
  });

  it('sees a rule added to a nested class after its parent was validated', async () => {
    class LateChild {
      @IsString()
      name!: string;
    }
    class LateParent {
      @ValidateNested()
      @Type(() => LateChild)
      child!: LateChild;
    }
    expect(await failures({ child: { name: 'Alexandra' } }, LateParent)).toEqual([]);
    MaxLength(4)(LateChild.prototype, 'name');
    expect(await failures({ child: { name: 'Alexandra' } }, LateParent)).toEqual([{ field: 'child.name', rule: 'maxLength' }]);
  });

  it('applies a @Transform added to a class after that class was validated', async () => {
    class Shouted {
      @IsString()
      note!: string;
    }
    expect(await pipe.transform({ note: 'quiet' }, asBody(Shouted))).toEqual({ note: 'quiet' });
    Transform(({ value }) => String(value).toUpperCase())(Shouted.prototype, 'note');
    expect(await pipe.transform({ note: 'quiet' }, asBody(Shouted))).toEqual({ note: 'QUIET' });
  });
});
