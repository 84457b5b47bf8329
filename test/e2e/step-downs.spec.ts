import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { simpleContact } from '../factories/contact-bodies';
import { createContact, ContactSeed } from '../factories/contact-factory';
import { startApi, TestApi } from '../utils/test-app';

/** Step-downs, blocks and child status through HTTP (SPEC STEP-1 to STEP-5). */
describe('Step-down and child status (SPEC §8)', () => {
  let api: TestApi;
  let ds: DataSource;
  const user: Record<string, { id: string; agencyId: string }> = {};
  const auth = async (who: string) => `Bearer ${await api.tokenFor(who)}`;

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    for (const email of ['earlyhelp@mash.localhost', 'partner@mash.localhost', 'gp@mash.localhost', 'referrer@mash.localhost']) {
      const [row] = await ds.query('SELECT id, agency_id FROM app_user WHERE email = $1', [email]);
      user[email] = { id: row.id, agencyId: row.agency_id };
    }
  });
  afterAll(() => api.close());

  /** A child linked to a person-index id (the people module links them; here the factory does). */
  async function child(seed: ContactSeed = {}) {
    const personId = randomUUID();
    const created = await createContact(ds, { ...seed, subjects: [{ personId, ...(seed.subjects?.[0] ?? {}) }, ...(seed.subjects?.slice(1) ?? [])] });
    return { personId, ...created };
  }
  const eh = () => user['earlyhelp@mash.localhost'];
  const body = (subjectId: string, over: Record<string, unknown> = {}) => ({
    subjectId, receivingAgencyId: eh().agencyId, leadProfessional: { userId: eh().id },
    riskHandover: 'Neglect concerns at home; school attendance 80%; mother engaging',
    plan: { actions: [{ action: 'Family support worker visits weekly', owner: 'Early Help', successCriteria: 'Attendance above 95% for six weeks' }] },
    reviewDate: '2027-01-15', ...over,
  });
  const propose = async (b: Record<string, unknown>, who = 'mash_worker') => api.http.post('/api/v1/step-downs').set('Authorization', await auth(who)).send(b);
  const status = async (personId: string, who = 'mash_worker') => api.http.get(`/api/v1/people/${personId}/status`).set('Authorization', await auth(who));

  it('rejection with a reason returns the child to the triage queue as a new contact linked to the original, with its triage job queued', async () => {
    const { personId, contact, subjects } = await child({ concerns: [{ category: 'neglect_indicator' }], household: [{ relationship: 'mother' }] });
    const proposed = await propose(body(subjects[0].id));
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'pending_acceptance', personId, contactId: contact.id, leadProfessional: { userId: eh().id } });

    // Another partner agency cannot touch it.
    const stranger = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/reject`).set('Authorization', await auth('gp@mash.localhost')).send({ reason: 'x' });
    expect(stranger.status).toBe(404);
    const noReason = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/reject`).set('Authorization', await auth('earlyhelp@mash.localhost')).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));

    const rejected = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/reject`).set('Authorization', await auth('earlyhelp@mash.localhost')).send({ reason: 'Family live outside our area' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Family live outside our area', requeueReason: 'rejected' });
    const newId = rejected.body.requeueContactId;
    expect(newId).toEqual(expect.any(String));
    expect(newId).not.toBe(contact.id);

    const requeued = await api.http.get(`/api/v1/contacts/${newId}`).set('Authorization', await auth('mash_worker'));
    expect(requeued.status).toBe(200);
    expect(requeued.body).toMatchObject({ status: 'received', channel: 'early_help_step_up' });
    expect(requeued.body.reference).toMatch(/^MASH-\d{4}-\d{6,9}$/);
    expect(requeued.body.referrerView.whatShouldHappen).toContain(`Original contact ${contact.reference}`);
    const [subject] = await ds.query('SELECT person_id FROM contact_subject WHERE contact_id = $1', [newId]);
    expect(subject.person_id).toBe(personId);
    const outbox = await ds.query(`SELECT job_name FROM outbox WHERE queue = 'triage' AND payload->>'contactId' = $1`, [newId]);
    expect(outbox).toEqual([{ job_name: 'contact.received' }]);

    // Once rejected it cannot be accepted, and the child's status never left the MASH.
    const late = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/accept`).set('Authorization', await auth('earlyhelp@mash.localhost'));
    expect(late.status).toBe(409);
    expect((await status(personId)).body).toMatchObject({ level: 'universal', pendingStepDown: null });
    const audit = await ds.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY occurred_at`, [proposed.body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['step_down.proposed', 'step_down.rejected', 'step_down.requeued']));
  });

  it('a direct step-down accepted by the lead professional sets early_help with that lead; until then the MASH is responsible', async () => {
    const { personId, subjects } = await child();
    const proposed = await propose(body(subjects[0].id));
    expect(proposed.status).toBe(201);
    expect((await status(personId)).body).toMatchObject({ level: 'universal', responsible: 'mash', pendingStepDown: { id: proposed.body.id } });
    const accepted = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/accept`).set('Authorization', await auth('earlyhelp@mash.localhost'));
    expect(accepted.status).toBe(200);
    const after = await status(personId);
    expect(after.body).toMatchObject({ level: 'early_help', responsible: 'lead_professional', leadProfessional: { userId: eh().id, agencyId: eh().agencyId }, pendingStepDown: null });
    // The receiving agency is now involved and may read the status.
    expect((await status(personId, 'earlyhelp@mash.localhost')).status).toBe(200);
    // The GP, school/setting and referrer are told by the step-downs worker's notify-accepted job.
    const jobs = await ds.query(`SELECT queue, job_name FROM outbox WHERE payload->>'stepDownId' = $1 ORDER BY created_at`, [proposed.body.id]);
    expect(jobs).toEqual([{ queue: 'step-downs', job_name: 'notify-accepted' }]);
  });

  it('Q 8.8: a child whose mother is recorded pregnant with no pre-birth assessment decision: 422 STEP-3.pregnancy; a senior manager may override with a reason', async () => {
    const { subjects } = await child({ household: [{ relationship: 'mother' }], concerns: [{ category: 'pregnancy', description: 'Mother is 20 weeks pregnant' }] });
    const refused = await propose(body(subjects[0].id));
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d: { rule: string }) => d.rule)).toEqual(['STEP-3.pregnancy']);
    const workerOverride = await propose(body(subjects[0].id, { overrideReason: 'Midwife visiting weekly' }));
    expect(workerOverride.status).toBe(422);
    const overridden = await propose(body(subjects[0].id, { overrideReason: 'Pre-birth plan with midwife agreed; early help lead confirmed' }), 'mash_manager');
    expect(overridden.status).toBe(201);
    expect(overridden.body.overriddenRules).toEqual(['STEP-3.pregnancy']);
  });

  it('an unborn sibling due in the future without a pre-birth assessment decision blocks too; a final cin_assessment for the unborn lifts it', async () => {
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const { subjects, contact } = await child({ subjects: [{}, { dateOfBirth: null, expectedDeliveryDate: due }], concerns: [{ category: 'neglect_indicator', subjects: [0] }] });
    expect((await propose(body(subjects[0].id))).body.details.map((d: { rule: string }) => d.rule)).toEqual(['STEP-3.pregnancy']);
    await ds.query(
      `INSERT INTO threshold_decision (contact_id, subject_id, outcome, threshold_level, status, rationale, decided_by_user_id, decided_at, final_at, framework_version)
       VALUES ($1, $2, 'cin_assessment', 3, 'final', 'Pre-birth assessment', $3, now(), now(), 'test')`,
      [contact.id, subjects[1].id, user['referrer@mash.localhost'].id],
    );
    expect((await propose(body(subjects[0].id))).status).toBe(201);
  });

  it('a sexual abuse concern: 422 STEP-3.sexual-abuse even for a senior manager with a reason', async () => {
    const { subjects } = await child({ concerns: [{ category: 'sexual_abuse', description: 'Disclosure at school' }] });
    const refused = await propose(body(subjects[0].id, { overrideReason: 'Senior manager: early help is right' }), 'mash_manager');
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d: { rule: string }) => d.rule)).toContain('STEP-3.sexual-abuse');
    expect(await ds.query('SELECT 1 FROM step_down WHERE subject_id = $1', [subjects[0].id])).toEqual([]);
  });

  it('a CP plan ended within 12 months and an unresolved allegation in the last 90 days block (rule ids in details)', async () => {
    const { personId, subjects } = await child({ concerns: [{ category: 'physical_abuse', description: 'Slap reported', incidentDate: new Date().toISOString().slice(0, 10) }] });
    const manager = await auth('mash_manager');
    const started = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const ended = new Date(Date.now() - 30 * 86_400_000).toISOString();
    expect((await api.http.post(`/api/v1/people/${personId}/status`).set('Authorization', manager).send({ level: 'child_protection', startedAt: started, categoryOfAbuse: 'PHY', reference: 'ICPC-1' })).status).toBe(201);
    expect((await api.http.post(`/api/v1/people/${personId}/status`).set('Authorization', manager).send({ level: 'child_protection', endedAt: ended, reference: 'RCPC-1' })).status).toBe(201);
    const refused = await propose(body(subjects[0].id));
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d: { rule: string }) => d.rule)).toEqual(['STEP-3.cp-ended-recently', 'STEP-3.unresolved-allegation']);
  });

  it('a partner not involved with the child gets 404 on its status; the submitting agency and MASH staff see it', async () => {
    const { personId } = await child({ submittedByAgencyId: user['referrer@mash.localhost'].agencyId });
    expect((await status(personId, 'gp@mash.localhost')).status).toBe(404);
    expect((await status(personId, 'partner@mash.localhost')).status).toBe(404);
    expect((await status(personId, 'referrer@mash.localhost')).status).toBe(200);
    expect((await status(personId, 'mash_manager')).body).toMatchObject({ personId, level: 'universal', since: null, leadProfessional: null });
    expect((await status(randomUUID())).status).toBe(404);
    const reads = await ds.query(`SELECT 1 FROM audit_event WHERE action = 'person_status.read' AND entity_id = $1`, [personId]);
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  it('a manager records a CP plan (NEG) from ICPC; workers cannot; bad bodies name the field and rule', async () => {
    const { personId } = await child();
    const send = async (b: Record<string, unknown>, who = 'mash_manager') => api.http.post(`/api/v1/people/${personId}/status`).set('Authorization', await auth(who)).send(b);
    const startedAt = new Date(Date.now() - 86_400_000).toISOString();
    expect((await send({ level: 'child_protection', startedAt, categoryOfAbuse: 'NEG', reference: 'ICPC-9' }, 'mash_worker')).status).toBe(403);
    const noCategory = await send({ level: 'child_protection', startedAt, reference: 'ICPC-9' });
    expect(noCategory.status).toBe(422);
    expect(noCategory.body.details).toEqual([expect.objectContaining({ field: 'categoryOfAbuse', rule: 'STEP-1.category-required' })]);
    const badCategory = await send({ level: 'child_protection', startedAt, categoryOfAbuse: 'XYZ', reference: 'ICPC-9' });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.details[0].field).toBe('categoryOfAbuse');
    const ok = await send({ level: 'child_protection', startedAt, categoryOfAbuse: 'NEG', reference: 'ICPC-9' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ level: 'child_protection', since: startedAt, categoryOfAbuse: 'NEG', reference: 'ICPC-9', responsible: 'case_system' });
    const [t] = await ds.query('SELECT from_level, to_level, source, category_of_abuse FROM child_status_transition WHERE person_id = $1', [personId]);
    expect(t).toEqual({ from_level: 'universal', to_level: 'child_protection', source: 'external', category_of_abuse: 'NEG' });
  });

  it('STEP-5: declined consent records it and puts a "reconsider threshold" contact in the triage queue instead of a closure', async () => {
    const { subjects } = await child();
    const proposed = await propose(body(subjects[0].id));
    const declined = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/consent-declined`).set('Authorization', await auth('earlyhelp@mash.localhost')).send({ note: 'Mother declined at first visit' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'consent_declined', requeueReason: 'consent_declined' });
    const task = await api.http.get(`/api/v1/contacts/${declined.body.requeueContactId}`).set('Authorization', await auth('mash_worker'));
    expect(task.body).toMatchObject({ status: 'received' });
    expect(task.body.referrerView.whatShouldHappen).toMatch(/^Reconsider threshold/);
  });

  it('STEP-2: a step-down without its parts: 422 naming each missing part; malformed parts: 400 naming the field; a lead professional of another agency: 422', async () => {
    const { subjects } = await child();
    const missing = await propose({ subjectId: subjects[0].id });
    expect(missing.status).toBe(422);
    expect(missing.body.details.map((d: { field: string; rule: string }) => [d.field, d.rule]).sort()).toEqual([
      ['leadProfessional.email', 'STEP-2.incomplete'],
      ['leadProfessional.name', 'STEP-2.incomplete'],
      ['plan.actions', 'STEP-2.incomplete'],
      ['receivingAgencyId', 'STEP-2.incomplete'],
      ['reviewDate', 'STEP-2.incomplete'],
      ['riskHandover', 'STEP-2.incomplete'],
    ]);
    const malformed = await propose(body(subjects[0].id, { reviewDate: 'next week' }));
    expect(malformed.status).toBe(400);
    expect([...new Set(malformed.body.details.map((d: { field: string }) => d.field))]).toEqual(['reviewDate']);
    expect((await ds.query('SELECT count(*)::int AS n FROM step_down WHERE subject_id = $1', [subjects[0].id]))[0].n).toBe(0);
    const wrongAgency = await propose(body(subjects[0].id, { leadProfessional: { userId: user['gp@mash.localhost'].id } }));
    expect(wrongAgency.status).toBe(422);
    expect(wrongAgency.body.details[0]).toMatchObject({ field: 'leadProfessional.userId', rule: 'STEP-2.lead-professional-agency' });
    expect((await propose(body(subjects[0].id), 'partner@mash.localhost')).status).toBe(403);
  });

  it('STEP-4: an early help service steps a child up as a contact (channel early_help_step_up) carrying the early-help history; it is queued for triage', async () => {
    const history = 'Early help since March: 6 TAF meetings, parenting course not attended, attendance fell from 92% to 71%';
    const sent = await api.http.post('/api/v1/contacts').set('Authorization', await auth('earlyhelp@mash.localhost')).send(simpleContact(undefined, {
      channel: 'early_help_step_up',
      referrerView: { isChildProtection: false, harm: history, whatShouldHappen: 'Child in need assessment', urgency: 'routine' },
    }));
    expect(sent.status).toBe(201);
    const read = await api.http.get(`/api/v1/contacts/${sent.body.id}`).set('Authorization', await auth('mash_worker'));
    expect(read.body).toMatchObject({ channel: 'early_help_step_up', status: 'received', referrerView: { harm: history } });
    const [c] = await ds.query('SELECT referral_source FROM contact WHERE id = $1', [sent.body.id]);
    expect(c.referral_source).toBe('5D');
    expect(await ds.query(`SELECT 1 FROM outbox WHERE queue = 'triage' AND job_id = $1`, [`triage.${sent.body.id}`])).toHaveLength(1);
  });
});
