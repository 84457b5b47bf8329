import { isoDate } from './form-values';

describe('GOV.UK date input to the API date', () => {
  it.each([
    [{ day: '', month: '', year: '' }, null],
    [{ day: '3', month: '4', year: '2018' }, '2018-04-03'],
    [{ day: '31', month: '2', year: '2025' }, '2025-02-31'], // kept, so the API's calendarDate rule refuses it
    [{ day: '', month: '4', year: '2018' }, '2018-04-x'],
    [{ day: 'a', month: '4', year: '2018' }, '2018-04-a'],
  ])('%j is %s', (parts, iso) => {
    expect(isoDate(parts)).toBe(iso);
  });
});
