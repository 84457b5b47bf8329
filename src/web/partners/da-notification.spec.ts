import { daBody, daPageRules, readDaForm, toRowDetails } from './da-notification';

describe('domestic abuse notification form (SPEC INT-5)', () => {
  const form = { description: 'DA incident', childCount: '3', child0FirstName: 'Amy', child0Seen: 'yes', child2FirstName: 'Cal', child2Seen: 'no', 'child2Dob-day': '1', 'child2Dob-month': '2', 'child2Dob-year': '2020' };

  it('each named child carries whether they were seen; blank rows are left out', () => {
    const { answers, add } = readDaForm(form);
    expect(add).toBe(false);
    const body = daBody(answers);
    expect(body.channel).toBe('police_notification');
    expect(body.subjects).toEqual([
      { firstName: 'Amy', lastName: null, dateOfBirth: null, seenByReferrer: true },
      { firstName: 'Cal', lastName: null, dateOfBirth: '2020-02-01', seenByReferrer: false },
    ]);
    expect(body.concerns).toEqual([{ category: 'da_incident', description: 'DA incident', incidentDate: null }]);
    expect(body.household).toEqual([]);
  });

  it('a named child without "seen" is refused on its own row; a named suspect needs a relationship', () => {
    const { answers } = readDaForm({ ...form, child2Seen: '', perpFirstName: 'Lee' });
    expect(daPageRules(answers)).toEqual([
      { field: 'subjects[2].seenByReferrer', rule: 'INT-5.child-seen', message: 'Say whether this child was seen' },
      { field: 'household[0].relationship', rule: 'isIn', message: 'relationship is required' },
    ]);
  });

  it("the API's subjects[n] (among named children) maps back to the row the officer typed", () => {
    const { answers } = readDaForm(form);
    expect(toRowDetails(answers, [{ field: 'subjects[1].dateOfBirth', rule: 'x', message: 'y' }])[0].field).toBe('subjects[2].dateOfBirth');
  });

  it('"Add another child" adds a row, up to ten', () => {
    expect(readDaForm({ ...form, action: 'add-child' }).answers.children).toHaveLength(4);
    expect(readDaForm({ childCount: '10', action: 'add-child' }).answers.children).toHaveLength(10);
  });
});
