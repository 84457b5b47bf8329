import { AuditSealerService } from '../../src/audit/audit-sealer.service';
import { withDb } from '../utils/db';
import { startApi, TestApi } from '../utils/test-app';
import { familyContact, simpleContact, tag } from '../factories/contact-bodies';

describe('Contact intake: professional contacts (SPEC INT-1 to INT-5, INT-7, INT-9)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());

  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  it('a family contact (two children, an unborn child, mother, father with PR, mother’s partner, three concerns, a photo) round-trips with every field', async () => {
    const body = familyContact();
    const created = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), reference: expect.stringMatching(/^MASH-\d{4}-\d{6}$/), status: 'received', receivedAt: expect.any(String), possibleDuplicateOfId: null });
    expect(created.body.reference.slice(5, 9)).toBe(String(new Date(created.body.receivedAt).getUTCFullYear()));

    for (const who of ['mash_worker', 'referrer']) {
      const res = await api.http.get(`/api/v1/contacts/${created.body.id}`).set('Authorization', await auth(who));
      expect(res.status).toBe(200);
      const c = res.body;
      expect(c).toMatchObject({
        id: created.body.id, reference: created.body.reference, channel: 'professional', status: 'received', receivedAt: created.body.receivedAt,
        referralSource: '2A', anonymous: false, referrer: body.referrer, referrerView: body.referrerView, consent: body.consent,
      });
      expect(c.subjects).toHaveLength(3);
      const [amy, ben, unborn] = c.subjects;
      const a = body.subjects[0];
      expect(amy).toMatchObject({
        position: 0, firstName: a.firstName, lastName: a.lastName, aliases: ['Amy-Lou'], dateOfBirth: a.dateOfBirth, expectedDeliveryDate: null, unborn: false, sex: 'F',
        nhsNumber: '9434765919', address: { line1: '4 Mill Lane', line2: 'Flat 2', town: 'Northshire', postcode: 'NN1 2AB', type: 'permanent' },
        school: a.school, gpPractice: a.gpPractice, disability: null, communicationNeeds: 'Uses Makaton', firstLanguage: 'Polish', interpreterNeeded: true, seenByReferrer: true,
      });
      expect(ben).toMatchObject({ firstName: body.subjects[1].firstName, sex: 'M', dateOfBirth: body.subjects[1].dateOfBirth, seenByReferrer: false, aliases: [] });
      expect(unborn).toMatchObject({ lastName: body.subjects[2].lastName, dateOfBirth: null, expectedDeliveryDate: body.subjects[2].expectedDeliveryDate, unborn: true, sex: 'U' });
      expect(c.household.map((m: { relationship: string }) => m.relationship)).toEqual(['mother', 'father', 'mothers_partner']);
      expect(c.household[0]).toMatchObject({ ...body.household[0], postcode: 'NN1 2AB' });
      expect(c.household[1]).toMatchObject({ ...body.household[1] });
      expect(c.household[2]).toMatchObject({ ...body.household[2], unknownReason: null, dateOfBirth: null });
      expect(c.concerns).toHaveLength(3);
      expect(c.concerns[0]).toMatchObject({ category: 'injury', cinFactorCode: '18C', description: body.concerns[0].description, incidentDate: body.concerns[0].incidentDate, subjectIndexes: [0], subjectIds: [amy.id], addedAt: null });
      expect(c.concerns[1]).toMatchObject({ category: 'da_incident', cinFactorCode: '3B', subjectIndexes: [0, 1, 2] }); // none named: all the children
      expect(c.concerns[2]).toMatchObject({ category: 'pregnancy', cinFactorCode: null, incidentDate: null, subjectIndexes: [2], subjectIds: [unborn.id] });
      expect(c.evidence).toEqual([expect.objectContaining({ type: 'photo', heldBy: 'referrer', description: body.evidence[0].description })]);
      if (who === 'mash_worker') {
        expect(c).toMatchObject({ referrerType: 'professional', possibleDuplicateOfId: null, submittedByUserId: expect.any(String) });
        expect(amy.personId).toBeNull();
      } else {
        expect(c.submittedByUserId).toBeUndefined();
        expect(amy.personId).toBeUndefined();
      }
    }
  });

  it('commits the contact with its audit event and both outbox rows (triage, acknowledgement); nothing marks it triaged', async () => {
    const created = await api.http.post('/api/v1/contacts').set('Authorization', await auth('partner')).send(simpleContact());
    expect(created.status).toBe(201);
    const id = created.body.id;
    await withDb(async (db) => {
      const outbox = await db.query('SELECT queue, job_name, job_id, payload FROM outbox WHERE payload->>\'contactId\' = $1 ORDER BY queue', [id]);
      expect(outbox.rows).toEqual([
        { queue: 'feedback', job_name: 'acknowledge', job_id: `ack.${id}`, payload: { contactId: id } },
        { queue: 'triage', job_name: 'contact.received', job_id: `triage.${id}`, payload: { contactId: id } },
      ]);
      const audit = await db.query(`SELECT action, actor_role, summary FROM audit_event WHERE entity_id = $1 AND action = 'contact.created'`, [id]);
      expect(audit.rows).toEqual([expect.objectContaining({ actor_role: 'partner', summary: expect.objectContaining({ channel: 'professional', referrerType: 'partner', referralSource: '3B', subjects: 1, concerns: 1 }) })]);
      expect(JSON.stringify(audit.rows)).not.toContain('hungry'); // no narrative in the audit trail
      const [row] = (await db.query('SELECT status, referrer_type FROM contact WHERE id = $1', [id])).rows;
      expect(row).toEqual({ status: 'received', referrer_type: 'partner' });
    });
  });

  it('its audit event joins the hash chain like any other: verify stays OK', async () => {
    await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(simpleContact());
    await api.app.get(AuditSealerService).sealAll();
    const res = await api.http.get('/api/v1/audit-events/verify').set('Authorization', await auth('auditor'));
    expect(res.body).toMatchObject({ ok: true, firstBroken: null });
  });

  it('records the referrer type and default referral source by role and channel, and counts contacts by channel', async () => {
    const cases = [
      { who: 'referrer', body: simpleContact(tag()), type: 'professional', source: '2A' },
      { who: 'police', body: simpleContact(tag(), { channel: 'police_notification' }), type: 'police', source: '6' },
      { who: 'gp@mash.localhost', body: simpleContact(tag(), { channel: 'email' }), type: 'partner', source: '3A' },
      { who: 'mash_worker', body: simpleContact(tag(), { channel: 'phone', referralSource: '1B', referrer: { name: 'A neighbour', relationshipToChild: 'neighbour' } }), type: 'mash_staff', source: '1B' },
      { who: 'mash_manager', body: simpleContact(tag(), { channel: 'hospital_enquiry', referralSource: '3E' }), type: 'mash_staff', source: '3E' },
    ];
    const before = await api.http.get('/metrics');
    const count = (text: string, channel: string) => Number(new RegExp(`mash_contacts_received_total\\{channel="${channel}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    for (const c of cases) {
      const res = await api.http.post('/api/v1/contacts').set('Authorization', await auth(c.who)).send(c.body);
      expect(res.status).toBe(201);
      const full = await api.http.get(`/api/v1/contacts/${res.body.id}`).set('Authorization', await auth('mash_worker'));
      expect({ who: c.who, type: full.body.referrerType, source: full.body.referralSource }).toEqual({ who: c.who, type: c.type, source: c.source });
    }
    const after = await api.http.get('/metrics');
    expect(count(after.text, 'police_notification') - count(before.text, 'police_notification')).toBe(1);
    expect(count(after.text, 'phone') - count(before.text, 'phone')).toBe(1);
  });

  it('references come from a sequence: each new contact gets a new, higher number', async () => {
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(simpleContact());
      refs.push(res.body.reference);
    }
    const numbers = refs.map((r) => Number(r.split('-')[2]));
    expect(numbers[1]).toBeGreaterThan(numbers[0]);
    expect(numbers[2]).toBeGreaterThan(numbers[1]);
  });

  it('a channel the role may not use is refused with the rule, and a role without intake rights gets 403', async () => {
    const res = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send(simpleContact(tag(), { channel: 'police_notification' }));
    expect(res.status).toBe(422);
    expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'channel', rule: 'INT-1.channel-role' }));
    const auditor = await api.http.post('/api/v1/contacts').set('Authorization', await auth('auditor')).send(simpleContact());
    expect(auditor.status).toBe(403);
    const none = await api.http.post('/api/v1/contacts').send(simpleContact());
    expect(none.status).toBe(401);
  });
});
