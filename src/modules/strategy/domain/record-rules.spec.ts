import { declineFindings, missingRequiredInvitees, outcomeFindings, resolveAttendance, unsharedEvidenceFindings } from './record-rules';

const inv = (id: string, agencyId: string, userId: string | null = null) => ({ id, agencyId, agencyType: 'x', userId });

describe('strategy discussion record rules (SPEC STR-1, STR-3)', () => {
  it.each([
    [['police', 'la_childrens_social_care'], []],
    [['police'], ['STR-3.required-invitees']],
    [['health_visitor'], ['STR-3.required-invitees', 'STR-3.required-invitees']],
  ])('required invitees %j -> %j', (types, rules) => {
    expect(missingRequiredInvitees(types).map((f) => f.rule)).toEqual(rules);
  });

  it.each([
    [{ reason: 'r', agenciesConsulted: ['a'], alternativePlan: 'p' }, []],
    [{ reason: 'r', agenciesConsulted: ['a'], alternativePlan: '  ' }, ['STR-1.decline-needs-alternative-plan']],
    [{ reason: '', agenciesConsulted: [], alternativePlan: null }, ['STR-1.decline-needs-reason', 'STR-1.decline-needs-agencies-consulted', 'STR-1.decline-needs-alternative-plan']],
  ])('decline %j -> %j', (input, rules) => {
    expect(declineFindings(input).map((f) => f.rule)).toEqual(rules);
  });

  const invitees = [inv('i1', 'police'), inv('i2', 'csc', 'u2'), inv('i3', 'hv')];
  it.each([
    ['apologies for someone never invited (Q 12.1)', [{ agencyId: 'school', status: 'apologies' }], 'STR-3.apologies-not-invited'],
    ['apologies by an unknown invitee id', [{ inviteeId: 'nope', status: 'apologies' }], 'STR-3.apologies-not-invited'],
    ['an attendance line naming nobody', [{ status: 'attended' }], 'STR-3.attendance-who'],
    ['an invitee left out', [{ inviteeId: 'i1', status: 'attended' }], 'STR-3.attendance-missing'],
    ['two lines for one invitee', [{ inviteeId: 'i1', status: 'attended' }, { agencyId: 'police', status: 'absent' }], 'STR-3.attendance-duplicate'],
  ] as const)('%s -> %s', (_what, entries, rule) => {
    expect(resolveAttendance([...entries] as never, invitees).findings.map((f) => f.rule)).toContain(rule);
  });

  it('accepts apologies for an invitee and an uninvited attendee, matching by agency and user', () => {
    const { resolved, findings } = resolveAttendance(
      [
        { inviteeId: 'i1', status: 'attended' },
        { agencyId: 'csc', userId: 'u2', status: 'written_contribution' },
        { agencyId: 'hv', status: 'apologies' },
        { agencyId: 'school', name: 'DSL', status: 'attended' },
      ],
      invitees,
    );
    expect(findings).toEqual([]);
    expect(resolved.map((r) => r.invitee?.id ?? null)).toEqual(['i1', 'i2', 'i3', null]);
  });

  it('requires photo/video/message/recording evidence shared with police before an s47 outcome only (Q 8.11)', () => {
    const evidence = [
      { id: 'p', type: 'photo', sharedWithPoliceAt: null },
      { id: 'v', type: 'video', sharedWithPoliceAt: new Date() },
      { id: 'w', type: 'witness', sharedWithPoliceAt: null },
    ];
    expect(unsharedEvidenceFindings('s47_single_agency', evidence, new Set()).map((f) => f.message)).toEqual([expect.stringContaining('p (photo)')]);
    expect(unsharedEvidenceFindings('s47_joint', evidence, new Set(['p']))).toEqual([]);
    expect(unsharedEvidenceFindings('no_s47_cin_assessment', evidence, new Set())).toEqual([]);
  });

  it.each([
    [{ outcome: 'nfa', icpcRequired: true }, ['STR-3.icpc-needs-s47']],
    [{ outcome: 's47_joint', icpcRequired: true, childSeenAlonePlan: '' }, ['STR-3.child-seen-alone-plan']],
    [{ outcome: 's47_joint', icpcRequired: true, childSeenAlonePlan: 'At school tomorrow' }, []],
  ] as const)('outcome %j -> %j', (input, rules) => {
    expect(outcomeFindings(input).map((f) => f.rule)).toEqual(rules);
  });
});
