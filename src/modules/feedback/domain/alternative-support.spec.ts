import { supportLines } from './alternative-support';

describe('supportLines (alternative support in feedback, SPEC FB-2)', () => {
  it.each<[string, unknown, string[]]>([
    ['nothing', null, []],
    ['one text', ' Family Hub parenting course ', ['Family Hub parenting course']],
    ['a list of texts', ['School nurse drop-in', '', 'Young carers group'], ['School nurse drop-in', 'Young carers group']],
    ['objects, in a readable order', [{ contact: '01632 960 555', service: 'Family Hub', details: 'Parenting course' }], ['Family Hub - Parenting course - 01632 960 555']],
    ['JSON text of a list', '["Food bank referral"]', ['Food bank referral']],
    ['empty object', [{}], []],
  ])('%s', (_, value, expected) => {
    expect(supportLines(value)).toEqual(expected);
  });
});
