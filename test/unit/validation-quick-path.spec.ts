import { HttpException, ValidationPipe } from '@nestjs/common';
import { mulberry32 } from '../../src/common/mulberry32';
import { createValidationPipe, validationPipeOptions } from '../../src/common/validation';
import { CreateContactDto, CreatePublicContactDto } from '../../src/modules/contacts/dto/create-contact.dto';
import { anonymousPublicContact, familyContact, simpleContact } from '../factories/contact-bodies';
import { clone, mutate } from '../utils/json-mutations';

type Answer = { accepted: true; data: unknown; quick: boolean } | { accepted: false; status: number; response: unknown };

async function answer(pipe: ValidationPipe, body: unknown, metatype: new () => object): Promise<Answer> {
  try {
    const data = await pipe.transform(clone(body), { type: 'body', metatype });
    return { accepted: true, data, quick: !(data instanceof metatype) };
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    return { accepted: false, status: error.getStatus(), response: error.getResponse() };
  }
}

/**
 * The API's validation pipe returns a body its quick check accepts as it came, without building DTO
 * instances (common/validation.ts). Thousands of intake bodies, each a good one with up to three
 * things changed at random, are put to it and to Nest's own pipe with the same options: the same
 * bodies are accepted with the same data, and the same ones refused with the same 400 and details.
 */
describe('the validation pipe with its quick path answers as Nest’s pipe does', () => {
  const api = createValidationPipe();
  const nest = new ValidationPipe(validationPipeOptions());

  it.each([
    ['a professional contact (CreateContactDto)', CreateContactDto, (i: number) => (i % 3 === 0 ? familyContact() : i % 3 === 1 ? simpleContact() : { ...familyContact(), channel: 'police_notification' })],
    ['a public contact (CreatePublicContactDto)', CreatePublicContactDto, (i: number) => (i % 2 ? anonymousPublicContact() : { ...anonymousPublicContact(), anonymous: false, referrer: { name: 'A Neighbour', phone: '01632 960 002', relationshipToChild: 'neighbour' } })],
  ])('%s', async (_, metatype: new () => object, good: (i: number) => Record<string, unknown>) => {
    const rand = mulberry32(2024);
    const seen = { quick: 0, piped: 0, refused: 0 };
    for (let i = 0; i < 1500; i++) {
      const body = good(i);
      const changes = i % 8 === 0 ? 0 : 1 + Math.floor(rand() * 3);
      for (let c = 0; c < changes; c++) mutate(body, rand);
      const ours = await answer(api, body, metatype);
      const theirs = await answer(nest, body, metatype);
      if (theirs.accepted) expect({ case: i, body, ours: ours.accepted && ours.data }).toEqual({ case: i, body, ours: theirs.data });
      else expect({ case: i, body, ours }).toEqual({ case: i, body, ours: theirs });
      seen[!ours.accepted ? 'refused' : ours.quick ? 'quick' : 'piped']++;
    }
    // The quick path answered for many bodies, and many were refused: a disagreement either way would have been met.
    expect(seen.quick).toBeGreaterThan(150);
    expect(seen.refused).toBeGreaterThan(500);
  });
});
