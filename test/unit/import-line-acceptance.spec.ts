import { plainAcceptance } from '../../src/common/plain-acceptance';
import { ValidationPipe } from '@nestjs/common';
import { validationPipeOptions } from '../../src/common/validation';
import { mulberry32 } from '../../src/common/mulberry32';
import { ImportContactDto } from '../../src/modules/contacts/dto/import-contact.dto';
import { familyContact, simpleContact } from '../factories/contact-bodies';
import { clone, hasDroppedKey, mutate } from '../utils/json-mutations';

/**
 * The legacy import takes a line without the validation pipe only when plainAcceptance says the pipe
 * would accept it. Thousands of lines, each a good line with one to three things changed at random
 * (a value of another type, too long, with control characters, out of a list, a list too long, a
 * property nobody declared...), are put to both: whenever the quick check says yes, the pipe says yes
 * too and returns the same data; and for this class it says yes whenever the pipe does (but to a
 * key such as `toString`, which the pipe drops).
 */
describe('the legacy import quick check of a line (plainAcceptance of ImportContactDto)', () => {
  const accepts = plainAcceptance(ImportContactDto);
  // Nest's pipe with the API's options (the API's own pipe asks the quick check first).
  const pipe = new ValidationPipe(validationPipeOptions());

  it('says yes exactly when the validation pipe does, and takes the same data from the line', async () => {
    const rand = mulberry32(24);
    const line = (i: number) => ({
      ...(i % 2 ? familyContact() : simpleContact()),
      legacyReference: `LEG-${i}`, receivedAt: '2024-03-04T10:15:00Z', referrerType: 'professional',
    });
    const seen = { accepted: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const body = line(i);
      const changes = i % 10 === 0 ? 0 : 1 + Math.floor(rand() * 3);
      for (let c = 0; c < changes; c++) mutate(body, rand);
      const quick = accepts(clone(body));
      let piped: unknown;
      try {
        piped = await pipe.transform(clone(body), { type: 'body', metatype: ImportContactDto });
      } catch {
        piped = undefined;
      }
      if (quick) {
        expect({ case: i, body, piped: piped !== undefined }).toEqual({ case: i, body, piped: true });
        expect(piped).toEqual(body);
      } else if (!hasDroppedKey(body)) {
        expect({ case: i, body, quick }).toEqual({ case: i, body, quick: piped !== undefined });
      }
      seen[quick ? 'accepted' : 'refused']++;
    }
    // Both answers are well represented, so either kind of disagreement would have been met.
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.refused).toBeGreaterThan(500);
  });
});
