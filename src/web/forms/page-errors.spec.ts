import { pageErrors, PageField } from './page-errors';

const CHILD: PageField[] = [
  { field: 'firstName', input: 'firstName', label: 'First name' },
  { field: 'dateOfBirth', input: 'dateOfBirth-day', label: 'Date of birth' },
  { field: 'address.postcode', input: 'postcode', label: 'Postcode' },
];

describe('error summary from the API rule ids', () => {
  it('maps each detail in the page part to its input, in plain words, linked by id', () => {
    const errors = pageErrors([
      { field: 'subjects[0].dateOfBirth', rule: 'calendarDate', message: 'dateOfBirth must be a real date written YYYY-MM-DD, from 1900 on' },
      { field: 'subjects[0].address.postcode', rule: 'maxLength', message: 'postcode must be at most 10 characters' },
    ], CHILD, 'subjects[0]');
    expect(errors.summary).toEqual([
      { text: 'Date of birth must be a real date, for example 27 3 2019', href: '#dateOfBirth-day' },
      { text: 'Postcode must be 10 characters or fewer', href: '#postcode' },
    ]);
    expect(errors.byInput.postcode).toEqual({ text: 'Postcode must be 10 characters or fewer' });
  });

  it('a rule about the whole part (INT-6.subject-description) goes to the first input', () => {
    const errors = pageErrors([{ field: 'subjects[0]', rule: 'INT-6.subject-description', message: 'api words' }], CHILD, 'subjects[0]');
    expect(errors.summary).toEqual([{ text: expect.stringContaining('Tell us something about the child'), href: '#firstName' }]);
  });

  it('leaves out details of other parts of the body, and shows one message per input', () => {
    const errors = pageErrors([
      { field: 'concerns[0].description', rule: 'INT-6.concern-text', message: 'x' },
      { field: 'subjects[0].firstName', rule: 'isString', message: 'firstName must be text' },
      { field: 'subjects[0].firstName', rule: 'maxLength', message: 'firstName must be at most 100 characters' },
    ], CHILD, 'subjects[0]');
    expect(errors.summary).toHaveLength(1);
    expect(errors.summary[0].href).toBe('#firstName');
  });

  it('keeps the API words for a rule it has no page words for', () => {
    const errors = pageErrors([{ field: 'subjects[0].dateOfBirth', rule: 'INT-3.adult-subject', message: 'This person is 18 or over today, so is not a child' }], CHILD, 'subjects[0]');
    expect(errors.summary[0].text).toBe('This person is 18 or over today, so is not a child');
  });
});
