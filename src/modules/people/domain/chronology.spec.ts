import { applyView, ChronologyEvent, csvCell, groupByAgency, toCsv } from './chronology';

const event = (over: Partial<ChronologyEvent>): ChronologyEvent => ({
  id: 'x',
  personId: 'p',
  module: 'contacts',
  eventType: 'contact.received',
  eventDate: '2026-01-01',
  recordedAt: '2026-01-02T10:00:00.000Z',
  sourceAgency: 'Police',
  keyEvent: false,
  summary: 's',
  contactId: null,
  reference: null,
  ...over,
});

describe('chronology views and CSV (SPEC PPL-5)', () => {
  const events = [
    event({ id: 'c', eventDate: '2026-03-01', sourceAgency: 'School', keyEvent: true }),
    event({ id: 'a', eventDate: '2026-01-01', sourceAgency: 'Police' }),
    event({ id: 'b', eventDate: '2026-02-01', sourceAgency: null, keyEvent: true }),
  ];

  it('full is oldest first; key keeps key events; by-agency groups by agency', () => {
    expect(applyView(events, 'full').map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(applyView(events, 'key').map((e) => e.id)).toEqual(['b', 'c']);
    expect(groupByAgency(events).map((g) => [g.sourceAgency, g.events.map((e) => e.id)])).toEqual([
      ['Police', ['a']],
      ['School', ['c']],
      ['Unknown agency', ['b']],
    ]);
  });

  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['-1', "'-1"],
    [null, ''],
  ])('csvCell(%p) = %p', (input, expected) => expect(csvCell(input)).toBe(expected));

  it('writes a header row and one row per event', () => {
    const csv = toCsv(applyView(events, 'full'));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('event_date,recorded_at,source_agency,key_event,module,event_type,summary,contact_reference,person_id,event_id');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain(',Unknown agency,yes,');
  });
});
