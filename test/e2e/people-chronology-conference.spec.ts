import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dateFromToday, nhsNumber, tag } from '../factories/contact-bodies';
import { createDecision } from '../factories/person-factory';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * SPEC PPL-5: a chronology a conference can use. A contact arrives through HTTP and the worker grades
 * it; a worker raises the grade; the GP answers a check; the school challenges the decision; feedback
 * goes out. The chronology joins all of them to the contact and the decision, and prints: an HTML
 * page with a print stylesheet whose every page carries OFFICIAL-SENSITIVE and the child's reference.
 * Each read is audited.
 */
describe('Chronology for a conference (SPEC PPL-5)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;
  let personId: string;
  let reference: string;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
    const t = tag();
    const sent = await api.http.post('/api/v1/contacts').set('Authorization', await auth('referrer')).send({
      channel: 'professional',
      referrer: { name: 'A Teacher', organisation: 'Riverside Primary School' },
      subjects: [{ firstName: `Amy${t}`, lastName: `Family${t}`, dateOfBirth: dateFromToday({ years: -6 }), sex: 'F', nhsNumber: nhsNumber(), address: { line1: `${t} Mill Lane`, postcode: 'NN1 2AB', type: 'permanent' } }],
      household: [{ firstName: `Carla${t}`, lastName: `Family${t}`, dateOfBirth: '1990-01-02', sex: 'F', relationship: 'mother', resident: true, parentalResponsibility: 'yes' }],
      concerns: [{ category: 'neglect_indicator', description: 'Hungry and unwashed most days <script>', subjectIndexes: [0] }],
    });
    expect(sent.status).toBe(201);
    reference = sent.body.reference;
    const view = await waitFor(async () => {
      const res = await api.http.get(`/api/v1/contacts/${sent.body.id}/triage`).set('Authorization', await auth('mash_worker'));
      return res.status === 200 && res.body.subjects?.[0]?.grade && res.body.subjects[0].personId ? res.body : null;
    }, 30_000, 'the contact to be graded');
    personId = view.subjects[0].personId;
    const subjectId = view.subjects[0].subjectId;

    const raised = await api.http.post(`/api/v1/contacts/${sent.body.id}/subjects/${subjectId}/grade`).set('Authorization', await auth('mash_worker'))
      .send({ grade: 'AMBER', criterion: 'AMBER.harm-not-ruled-out', rationale: 'Neglect over months; checks needed.' });
    expect(raised.status).toBe(200);

    const [gp] = await ds.query(`SELECT agency_id FROM app_user WHERE email = 'gp@mash.localhost'`);
    const asked = await api.http.post(`/api/v1/contacts/${sent.body.id}/checks`).set('Authorization', await auth('mash_worker')).send({
      agencyId: gp.agency_id, reason: 'School reports neglect', questions: ['Missed appointments?'], lawfulBasis: 'Children Act 1989 s17',
    });
    expect(asked.status).toBe(201);
    const answered = await api.http.post(`/api/v1/checks/${asked.body.id}/response`).set('Authorization', await auth('gp@mash.localhost')).send({ status: 'returned', summary: 'Two missed immunisations' });
    expect(answered.status).toBe(200);

    const [sam] = await ds.query(`SELECT id FROM app_user WHERE email = 'worker@mash.localhost'`);
    const decisionId = await createDecision(ds, { contactId: sent.body.id, subjectId, personId, outcome: 'cin_assessment', decidedAt: new Date(Date.now() - 60_000), decidedByUserId: sam.id });
    const challenge = await api.http.post('/api/v1/challenges').set('Authorization', await auth('referrer'))
      .send({ targetType: 'decision', targetId: decisionId, reason: 'We think this needs a child protection response.' });
    expect(challenge.status).toBe(201);
    // The feedback row and its e-mail as the mail pipeline leaves them once sent (the decision above was made by hand).
    const [fb] = await ds.query(
      `INSERT INTO feedback (contact_id, subject_id, decision_id, kind, audience, dedupe_key, template_version, email_subject, body_text, body_html)
       VALUES ($1, $2, $3, 'outcome', 'professional', $4, 't1', 's', 'b', 'b') RETURNING id`,
      [sent.body.id, subjectId, decisionId, `fb-${t}`],
    );
    await ds.query(
      `INSERT INTO outbound_message (purpose, about_type, about_id, audience, dedupe_key, subject, body_text, body_html, message_id, status, attempt_limit, backoff_seconds, sent_at)
       VALUES ('feedback.outcome', 'feedback', $1, 'professional', $2, 's', 'b', 'b', $2, 'sent', 3, '[60]', now())`,
      [fb.id, `feedback.${fb.id}`],
    );
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('PPL-5 grades, checks, feedback and challenges join the contact and the decision', async () => {
    const res = await api.http.get(`/api/v1/people/${personId}/chronology`).set('Authorization', await auth('mash_worker'));
    expect(res.status).toBe(200);
    const types = res.body.events.map((e: { eventType: string }) => e.eventType);
    for (const t of ['contact.received', 'grade.provisional', 'grade.raised', 'check.requested', 'check.returned', 'decision.recorded', 'challenge.raised', 'feedback.sent']) expect(types).toContain(t);
    expect(res.body.modules).toEqual(expect.arrayContaining(['contacts', 'triage', 'checks', 'decisions', 'challenges', 'feedback', 'strategy', 'step-downs']));
    const grade = res.body.events.find((e: { eventType: string }) => e.eventType === 'grade.raised');
    expect(grade).toMatchObject({ summary: 'Grade raised: GREEN -> AMBER (AMBER.harm-not-ruled-out)', reference, sourceAgency: "Northshire Council Children's Services (MASH)" });
    expect(res.body.events.find((e: { eventType: string }) => e.eventType === 'check.returned')).toMatchObject({ sourceAgency: 'Hillview GP Practice', keyEvent: false });
    expect(res.body.events.find((e: { eventType: string }) => e.eventType === 'challenge.raised')).toMatchObject({ sourceAgency: 'Riverside Primary School', keyEvent: true });
    // The key view keeps the challenge, drops the routine check request.
    const key = await api.http.get(`/api/v1/people/${personId}/chronology?view=key`).set('Authorization', await auth('mash_worker'));
    expect(key.body.events.map((e: { eventType: string }) => e.eventType)).toContain('challenge.raised');
    expect(key.body.events.map((e: { eventType: string }) => e.eventType)).not.toContain('check.requested');
  });

  it('PPL-5 the printable form: HTML with a print stylesheet, each page headed OFFICIAL-SENSITIVE and the child reference; text escaped; the read audited', async () => {
    const res = await api.http.get(`/api/v1/people/${personId}/chronology?format=html`).set('Authorization', await auth('mash_manager'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('@media print');
    expect(res.text).toMatch(/@page \{[^]*@top-center \{ content: "OFFICIAL-SENSITIVE[^"]*Child reference [0-9a-f-]{36}"/);
    // The header row in <thead> repeats on every printed page.
    expect(res.text).toMatch(new RegExp(`<thead>\\s*<tr class="page-header"><th colspan="6">OFFICIAL-SENSITIVE &middot; Chronology &middot; Child reference ${personId}</th></tr>`));
    expect(res.text).toContain('thead { display: table-header-group; }');
    expect(res.text).toContain(reference);
    expect(res.text).toContain('Grade raised: GREEN -&gt; AMBER');
    expect(res.text).not.toContain('<script');
    const [audit] = await ds.query(
      `SELECT summary->>'format' AS format FROM audit_event WHERE action = 'person.read' AND entity_id = $1 AND summary->>'view' = 'chronology' ORDER BY occurred_at DESC LIMIT 1`,
      [personId],
    );
    expect(audit).toEqual({ format: 'html' });
  });

  it('PPL-5 a format the service does not have is a 400 naming the field', async () => {
    const res = await api.http.get(`/api/v1/people/${personId}/chronology?format=pdf`).set('Authorization', await auth('mash_worker'));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('format');
  });
});
