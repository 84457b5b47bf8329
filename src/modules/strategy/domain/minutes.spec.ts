import { MinutesView, renderMinutes, summaryOf } from './minutes';

const view: MinutesView = {
  discussionId: 'd1',
  child: { name: 'Amy <Test>', dateOfBirth: '2019-01-02' },
  heldAt: '2026-11-20T10:00:00.000Z',
  mode: 'in_person',
  chair: 'Sam',
  previousSummary: null,
  attendance: [
    { agency: 'Police', person: null, status: 'attended', invited: true },
    { agency: 'Health visiting', person: 'Helen', status: 'absent', invited: true },
  ],
  informationShared: 'Photo of bruising',
  evidenceShared: [{ type: 'photo', heldBy: 'school', sharedWithPoliceAt: '2026-11-20T10:05:00.000Z', sharedWithPoliceBy: 'DC Smith' }],
  views: [{ agency: 'Police', view: 'Joint enquiry', dissent: 'Health would wait' }],
  outcome: 's47_joint',
  icpcRequired: true,
  icpcDueDate: '2026-12-11',
  actions: [{ description: 'Visit', owner: 'Sam', dueDate: '2026-11-21', status: 'open' }],
  childSeenAlonePlan: 'At school',
};

describe('strategy discussion minutes (SPEC STR-4)', () => {
  it('carries every part of the record, absent invitees included, in text and escaped HTML', () => {
    const m = renderMinutes(view);
    for (const part of ['Helen', 'absent', 'DC Smith', 'DISSENT: Health would wait', 'due by 2026-12-11', 'At school', 'Visit | owner: Sam']) expect(m.text).toContain(part);
    expect(m.html).toContain('Amy &lt;Test&gt;');
    expect(m.html).not.toContain('<Test>');
  });

  it('a reconvened discussion starts with the previous summary', () => {
    const summary = summaryOf(view);
    expect(summary).toContain('joint');
    expect(summary).toContain('Visit (Sam, due 2026-11-21)');
    expect(renderMinutes({ ...view, previousSummary: summary }).text).toContain(`Carried forward from the previous discussion:\n${summary}`);
  });
});
