import { DataSource } from 'typeorm';
import { contactWithDecision, demoUser } from '../../factories/oversight-factory';
import { createContact } from '../../factories/contact-factory';
import { startApi, TestApi } from '../../utils/test-app';
import { errorSummary, heading, WebClient } from '../../utils/web-client';

/**
 * Managers' oversight pages (SPEC MGT-1, MGT-2, MGT-3, WEB-4, SEC-4). Fixtures sit in months no
 * other test writes to (February and March 2019), so each period holds exactly what is arranged here.
 */
describe('Web: managers dashboard, threshold audits and exports', () => {
  let api: TestApi;
  let ds: DataSource;
  let manager: WebClient;
  let auditor: WebClient;
  const decisions: string[] = [];

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    manager = new WebClient(api);
    await manager.signIn('manager@mash.localhost');
    auditor = new WebClient(api);
    await auditor.signIn('auditor');
    const worker = await demoUser(ds, 'worker@mash.localhost');
    // Three overrides in February 2019: every override is sampled (MGT-1).
    for (let i = 0; i < 3; i++) {
      const at = new Date(Date.UTC(2019, 1, 5 + i, 10));
      const { decision } = await contactWithDecision(ds, { receivedAt: at }, { outcome: 'cin_assessment', decidedByUserId: worker.id, decidedAt: at, overriddenRules: ['DEC-3.red-outcome'], overrideReason: 'Manager view' });
      decisions.push(decision.id);
    }
  });
  afterAll(() => api.close());

  it('MGT-2: tiles show the JSON dashboard figures and link to the filtered queue; each chart names a table that is on the page; a bad period is a GOV.UK error', async () => {
    const page = await manager.get('/manager/dashboard');
    expect(page.status).toBe(200);
    expect(heading(page.text)).toBe('Dashboard');
    const json = await api.http.get('/api/v1/reports/dashboard').set('Authorization', `Bearer ${await api.tokenFor('manager@mash.localhost')}`);
    const tile = (qa: string) => new RegExp(`data-qa="${qa}">\\s*<a[^>]*href="([^"]+)"><span[^>]*>(\\d+)</span>`).exec(page.text);
    expect(tile('tile-red')?.[1]).toBe('/mash?grade=RED');
    expect(Number(tile('tile-red')?.[2])).toBe(json.body.openContacts.byGrade.RED);
    expect(Number(tile('tile-open')?.[2])).toBe(json.body.openContacts.total);
    expect(tile('tile-approval')?.[1]).toBe('/mash?view=approval');
    expect(Number(tile('tile-approval')?.[2])).toBe(json.body.awaitingApproval.total);
    const charts = [...page.text.matchAll(/<svg id="([^"]+)" role="img"[^>]*aria-describedby="([^"]+)"/g)];
    // The age and re-contact charts are always drawn; the period's charts when the period has data.
    expect(charts.map((c) => c[1])).toEqual(expect.arrayContaining(['chart-age', 'chart-recontact']));
    for (const [, chart] of charts) expect(['chart-age', 'chart-drift', 'chart-nfa', 'chart-recontact']).toContain(chart);
    for (const [, , table] of charts) expect(page.text).toMatch(new RegExp(`<table class="govuk-table"\\s+id="${table}"`));
    expect(page.text).toContain('data-qa="table-load"');

    const bad = await manager.get('/manager/dashboard?weeks=7');
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.text)).toEqual([{ text: 'Select a period from the list', href: '#weeks' }]);
    expect((await auditor.get('/manager/dashboard')).status).toBe(200);
  });

  it('MGT-1: a manager draws the month, answers the audit form with the hindsight question, and the agreement rate moves; an auditor reads it with no form and cannot post', async () => {
    await manager.get('/manager/audits');
    const drawn = await manager.post('/manager/audits', { month: '2019-02' });
    expect(drawn.status).toBe(303);
    const sampleUrl: string = drawn.headers.location;
    const sample = await manager.get(sampleUrl);
    expect(sample.text).toContain('Sample drawn: 3 decisions');
    for (const id of decisions) expect(sample.text).toContain(`${sampleUrl}/decisions/${id}`);
    expect(sample.text).toMatch(/data-qa="agreement-rate">No answers yet</);

    const form = await manager.get(`${sampleUrl}/decisions/${decisions[0]}`);
    expect(form.text).toContain('With hindsight: should this have led to a section 47 enquiry?');
    const yes = { gradeRight: 'yes', decisionRight: 'yes', historyConsidered: 'yes', childsVoice: 'not_applicable' };
    const missing = await manager.post(`${sampleUrl}/decisions/${decisions[0]}`, yes);
    expect(missing.status).toBe(400);
    expect(errorSummary(missing.text)).toEqual([{ text: 'Answer "With hindsight: should this have led to a section 47 enquiry?"', href: '#hindsightS47' }]);
    expect(await ds.query('SELECT 1 FROM audit_answer WHERE decision_id = $1', [decisions[0]])).toEqual([]);

    expect((await manager.post(`${sampleUrl}/decisions/${decisions[0]}`, { ...yes, hindsightS47: 'no' })).status).toBe(303);
    expect((await manager.get(sampleUrl)).text).toMatch(/data-qa="agreement-rate">100%</);
    expect((await manager.post(`${sampleUrl}/decisions/${decisions[1]}`, { ...yes, decisionRight: 'no', hindsightS47: 'yes', learning: 'Should have gone to strategy' })).status).toBe(303);
    const after = await manager.get(sampleUrl);
    expect(after.text).toContain('Agreement in this sample is now 50%');
    expect(after.text).toMatch(/data-qa="agreement-rate">50%</);
    const [saved] = await ds.query('SELECT answers FROM audit_answer WHERE decision_id = $1', [decisions[1]]);
    expect(saved.answers).toMatchObject({ hindsightS47: 'yes', decisionRight: 'no' });
    const list = await manager.get('/manager/audits');
    expect(list.text).toContain('data-qa="table-agreement"');

    const readOnly = await auditor.get(sampleUrl);
    expect(readOnly.status).toBe(200);
    expect(readOnly.text).toMatch(/data-qa="agreement-rate">50%</);
    for (const path of ['/manager/audits', sampleUrl, `${sampleUrl}/decisions/${decisions[0]}`]) {
      expect((await auditor.get(path)).text).not.toMatch(/<form method="post" action="\/manager/);
    }
    expect((await auditor.post('/manager/audits', { month: '2019-02' })).status).toBe(403);
    expect((await auditor.post(`${sampleUrl}/decisions/${decisions[2]}`, { ...yes, hindsightS47: 'no' })).status).toBe(403);
  });

  it('MGT-3: Annex A List 1 for a month has one row per child on its contacts; the board pack downloads; each download is audited; a bad month is a GOV.UK error', async () => {
    const at = (d: number) => new Date(Date.UTC(2019, 2, d, 12));
    await createContact(ds, { receivedAt: at(4), subjects: [{ firstName: 'A' }, { firstName: 'B' }] });
    await createContact(ds, { receivedAt: at(20), subjects: [{ firstName: 'C' }] });
    const since = new Date();
    const csv = await manager.get('/manager/exports/annex-a-list-1.csv?month=2019-03');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1 + 3);
    expect(lines[0].split(',')[5]).toBe('Date of Contact');
    expect(lines.slice(1).map((l) => l.split(',')[5]).sort()).toEqual(['04/03/2019', '04/03/2019', '20/03/2019']);

    const pack = await auditor.get('/manager/exports/board-pack.csv?month=2019-03');
    expect(pack.status).toBe(200);
    expect(pack.text.split('\r\n')[0]).toBe('section,measure,value');
    const events = await ds.query(`SELECT action FROM audit_event WHERE action IN ('annex_a.read', 'board_pack.read') AND occurred_at >= $1 ORDER BY occurred_at`, [since]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['annex_a.read', 'board_pack.read']);

    const bad = await manager.get('/manager/exports/annex-a-list-3.csv?month=2019-13');
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.text)).toEqual([{ text: 'Select a month from the list', href: '#annex-a-list-3-month' }]);
    const worker = new WebClient(api);
    await worker.signIn('mash_worker');
    expect((await worker.get('/manager/exports/annex-a-list-1.csv?month=2019-03')).status).toBe(403);
    expect((await worker.get('/manager/dashboard')).status).toBe(403);
  });
});
