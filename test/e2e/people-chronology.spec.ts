import { DataSource } from 'typeorm';
import { PeopleForTriage } from '../../src/modules/people/people-for-triage';
import { createContact } from '../factories/contact-factory';
import { createDecision, createStatusTransition, daysAfter, uniqueDob, uniqueName, uniquePostcode } from '../factories/person-factory';
import { startApi, TestApi } from '../utils/test-app';

/** The chronology read model (SPEC PPL-5): generated from contacts, decisions and status changes; views; CSV. */
describe('GET /api/v1/people/{id}/chronology (SPEC PPL-5)', () => {
  let api: TestApi;
  let ds: DataSource;
  let auth: string;
  let personId: string;
  const ids: Record<string, string> = {};
  const T0 = new Date(Date.now() - 86_400_000);

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    auth = `Bearer ${await api.tokenFor('mash_worker')}`;
    const people = api.app.get(PeopleForTriage);
    const agency = async (type: string) => (await ds.query('SELECT id, name FROM agency WHERE type = $1 ORDER BY created_at LIMIT 1', [type]))[0];
    const police = await agency('police');
    const school = await agency('school');
    ids.policeName = police.name;
    ids.schoolName = school.name;
    ids.laName = (await ds.query(`SELECT a.name FROM app_user u JOIN agency a ON a.id = u.agency_id WHERE u.email = 'worker@mash.localhost'`))[0].name;
    const [worker] = await ds.query(`SELECT id FROM app_user WHERE email = 'worker@mash.localhost'`);
    const postcode = uniquePostcode();
    const child = { firstName: uniqueName(), lastName: uniqueName(), dateOfBirth: uniqueDob(), postcode };
    const sibling = { firstName: uniqueName(), lastName: child.lastName, dateOfBirth: uniqueDob(), postcode };

    const da = await createContact(ds, {
      receivedAt: daysAfter(T0, -60),
      channel: 'police_notification',
      referrerType: 'police',
      submittedByAgencyId: police.id,
      subjects: [child, sibling],
      concerns: [{ category: 'da_incident', incidentDate: daysAfter(T0, -61).toISOString().slice(0, 10) }],
    });
    const [picture, siblingPicture] = await people.prepareContact(da.contact.id);
    personId = picture.personId!;
    ids.da = da.contact.id;
    await createDecision(ds, { contactId: da.contact.id, subjectId: da.subjects[0].id, personId, outcome: 'cin_assessment', decidedAt: daysAfter(T0, -59), decidedByUserId: worker.id });
    await createStatusTransition(ds, { personId, fromLevel: 'child_in_need', toLevel: 'child_protection', effectiveAt: daysAfter(T0, -30), categoryOfAbuse: 'EMO' });
    const school1 = await createContact(ds, { receivedAt: daysAfter(T0, -10), submittedByAgencyId: school.id, subjects: [child], concerns: [{ category: 'was_not_brought' }] });
    await people.prepareContact(school1.contact.id);
    ids.school = school1.contact.id;
    const siblingOnly = await createContact(ds, { receivedAt: daysAfter(T0, -5), submittedByAgencyId: school.id, subjects: [sibling], concerns: [{ category: 'home_conditions' }] });
    await people.prepareContact(siblingOnly.contact.id);
    ids.siblingOnly = siblingOnly.contact.id;
    ids.sibling = siblingPicture.personId!;
  });
  afterAll(() => api.close());

  /** RFC 4180: quoted cells may hold commas and doubled quotes. */
  function parseCsv(text: string): Record<string, string>[] {
    const split = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]));
    const [header, ...rows] = text.trim().split('\r\n').map(split);
    return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  }

  it('exports a CSV with events from contacts, decisions and status changes, each with source agency and key-event column', async () => {
    const res = await api.http.get(`/api/v1/people/${personId}/chronology?format=csv`).set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`chronology-${personId}-full.csv`);
    expect(res.text.split('\r\n')[0]).toBe('event_date,recorded_at,source_agency,key_event,module,event_type,summary,contact_reference,person_id,event_id');
    const rows = parseCsv(res.text);
    expect(rows.map((r) => [r.module, r.event_type, r.source_agency, r.key_event])).toEqual([
      ['contacts', 'contact.received', ids.policeName, 'yes'],
      ['decisions', 'decision.recorded', ids.laName, 'yes'],
      ['step-downs', 'status.changed', "Children's social care (case system)", 'yes'],
      ['contacts', 'contact.received', ids.schoolName, 'no'],
    ]);
    expect(new Set(rows.map((r) => r.module)).size).toBeGreaterThanOrEqual(3);
    // The DA contact is dated by its incident, the day before it was received.
    expect(rows[0].event_date < rows[0].recorded_at).toBe(true);
    expect(rows[1].summary).toBe('Threshold decision: cin assessment (level 3, final)');
  });

  it('key view keeps key events; by-agency groups them; household scope adds the sibling’s contact', async () => {
    const key = await api.http.get(`/api/v1/people/${personId}/chronology?view=key`).set('Authorization', auth);
    expect(key.body.events.map((e: { module: string }) => e.module)).toEqual(['contacts', 'decisions', 'step-downs']);
    expect(key.body.modules).toEqual(expect.arrayContaining(['contacts', 'decisions', 'step-downs']));

    const byAgency = await api.http.get(`/api/v1/people/${personId}/chronology?view=by-agency`).set('Authorization', auth);
    const groups = byAgency.body.agencies.map((g: { sourceAgency: string; events: unknown[] }) => g.sourceAgency);
    expect(groups).toEqual([...groups].sort());
    expect(groups).toEqual(expect.arrayContaining([ids.policeName, ids.schoolName]));

    const child = await api.http.get(`/api/v1/people/${personId}/chronology`).set('Authorization', auth);
    const household = await api.http.get(`/api/v1/people/${personId}/chronology?scope=household`).set('Authorization', auth);
    expect(child.body.events.map((e: { contactId: string }) => e.contactId)).not.toContain(ids.siblingOnly);
    expect(household.body.events.map((e: { contactId: string }) => e.contactId)).toContain(ids.siblingOnly);
  });

  it('auditors may read it; referrers may not; every read is audited; bad options are 400', async () => {
    const auditor = await api.http.get(`/api/v1/people/${personId}/chronology?view=key&format=csv`).set('Authorization', `Bearer ${await api.tokenFor('auditor')}`);
    expect(auditor.status).toBe(200);
    const referrer = await api.http.get(`/api/v1/people/${personId}/chronology`).set('Authorization', `Bearer ${await api.tokenFor('referrer')}`);
    expect(referrer.status).toBe(403);
    const reads = await ds.query(`SELECT actor_role, summary FROM audit_event WHERE action = 'person.read' AND entity_id = $1 AND summary->>'view' = 'chronology'`, [personId]);
    expect(reads).toContainEqual({ actor_role: 'auditor', summary: expect.objectContaining({ view: 'chronology', chronologyView: 'key', format: 'csv' }) });
    const bad = await api.http.get(`/api/v1/people/${personId}/chronology?view=everything`).set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'view' });
  });

  it('a person read shows relationships, status and flags as of now', async () => {
    const res = await api.http.get(`/api/v1/people/${personId}`).set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.relationships).toEqual([expect.objectContaining({ personId: ids.sibling, relationship: 'sibling' })]);
    expect(res.body.status).toMatchObject({ current: { level: 'child_protection' }, onCurrentCpPlan: true, cpPlans: [expect.objectContaining({ endedAt: null, categoryOfAbuse: 'EMO' })] });
    expect(res.body.facts).toMatchObject({ onCurrentCpPlan: true, everOnCpPlan: true });
    const sibling = await api.http.get(`/api/v1/people/${ids.sibling}`).set('Authorization', auth);
    expect(sibling.body.accumulationFlags.map((f: { ruleId: string }) => f.ruleId)).toContain('PPL-4.sibling-cp-plan');
  });
});
