import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createContact } from '../factories/contact-factory';
import { contactWithDecision, demoUser } from '../factories/oversight-factory';
import { startApi, TestApi } from '../utils/test-app';

const LIST_1 = 'Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source';
const LIST_3 = 'Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Disability,Date of Referral,Referral Source,Referral NFA?,Number of Referrals in Last 12 Months,Allocated Team,Allocated Worker';

const lines = (text: string) => text.split('\r\n').filter((l) => l.length > 0);

/**
 * Annex A exports and the board pack (SPEC MGT-3) through HTTP. Fixtures sit in 2022, a year no
 * other test writes to, so each period holds exactly what is arranged here.
 */
describe('Annex A exports and the board pack (SPEC MGT-3)', () => {
  let api: TestApi;
  let ds: DataSource;
  let manager: string;
  let workerId: string;

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    manager = await api.tokenFor('mash_manager');
    workerId = (await demoUser(ds, 'worker@mash.localhost')).id;
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = (path: string, token = manager) => api.http.get(path).set('Authorization', `Bearer ${token}`).buffer(true).parse((res, cb) => {
    let data = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (data += chunk));
    res.on('end', () => cb(null, data));
  });

  it('List 1 has the template headings and one row per child contact received in the period', async () => {
    const inside = [
      await createContact(ds, { receivedAt: new Date('2022-06-01T00:00:00Z'), referralSource: '2A', subjects: [{ dateOfBirth: '2015-06-02', sex: 'F' }] }),
      await createContact(ds, { receivedAt: new Date('2022-06-10T12:00:00Z'), referralSource: '9', referrerType: 'anonymous', channel: 'public', subjects: [{ dateOfBirth: '2015-06-10', sex: 'M' }] }),
      await createContact(ds, { receivedAt: new Date('2022-06-20T08:00:00Z'), referralSource: '6', subjects: [{ dateOfBirth: null, expectedDeliveryDate: '2022-09-01', sex: 'U' }] }),
    ];
    await createContact(ds, { receivedAt: new Date('2022-05-31T22:59:59Z'), referralSource: '2A' }); // before (23:59:59 London)
    await createContact(ds, { receivedAt: new Date('2022-06-30T23:00:00Z'), referralSource: '2A' }); // the end is exclusive

    const res = await get('/api/v1/exports/annex-a/list-1.csv?from=2022-05-31T23:00:00Z&to=2022-06-30T23:00:00Z');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = lines(res.body);
    expect(rows[0]).toBe(LIST_1);
    expect(rows.slice(1)).toEqual([
      `${inside[0].subjects[0].id},b) Female,NOBT,02/06/2015,6,01/06/2022,2A`,
      `${inside[1].subjects[0].id},a) Male,NOBT,10/06/2015,7,10/06/2022,9`,
      `${inside[2].subjects[0].id},c) Not stated/recorded,NOBT,01/09/2022,,20/06/2022,6`,
    ]);
  });

  it('List 3 counts the same child\'s referrals in the 12 months before, the boundary included', async () => {
    const person = randomUUID();
    const other = randomUUID();
    const referral = (receivedAt: string, personId: string | null, outcome: 'cin_assessment' | 'nfa' | 'strategy_discussion' = 'cin_assessment') =>
      contactWithDecision(ds, { receivedAt: new Date(receivedAt), referralSource: '3A', subjects: [{ personId, dateOfBirth: '2012-01-15', sex: 'F', disability: personId === other ? 'Autism' : null }] }, { outcome, decidedByUserId: workerId, decidedAt: new Date(new Date(receivedAt).getTime() + 3_600_000) });
    await referral('2021-06-15T09:59:59Z', person); // 12 months and 1 second before: not counted
    await referral('2021-06-15T10:00:00Z', person); // exactly 12 months before: counted
    await referral('2022-01-10T10:00:00Z', person, 'strategy_discussion'); // counted
    await referral('2022-03-01T10:00:00Z', person, 'nfa'); // not a referral
    const current = await referral('2022-06-15T10:00:00Z', person);
    const second = await referral('2022-06-16T10:00:00Z', other);
    const unlinked = await referral('2022-06-17T10:00:00Z', null);
    const nfaInPeriod = await referral('2022-06-18T10:00:00Z', randomUUID(), 'nfa');

    const res = await get('/api/v1/exports/annex-a/list-3.csv?from=2022-06-01T00:00:00Z&to=2022-07-01T00:00:00Z');
    expect(res.status).toBe(200);
    const rows = lines(res.body);
    expect(rows[0]).toBe(LIST_3);
    expect(rows.slice(1)).toEqual([
      `${person},b) Female,NOBT,15/01/2012,10,b) No,15/06/2022,3A,b) No,2,,`,
      `${other},b) Female,NOBT,15/01/2012,10,a) Yes,16/06/2022,3A,b) No,0,,`,
      `${unlinked.subjects[0].id},b) Female,NOBT,15/01/2012,10,b) No,17/06/2022,3A,b) No,0,,`,
    ]);
    expect(res.body).not.toContain(nfaInPeriod.subjects[0].personId!);
    expect(current.decision.outcome).toBe('cin_assessment');
    expect(second.subjects[0].personId).toBe(other);
  });

  it('exports need a valid period and are for managers and auditors only', async () => {
    const noTo = await get('/api/v1/exports/annex-a/list-1.csv?from=2022-06-01T00:00:00Z');
    expect(noTo.status).toBe(400);
    const backwards = await get('/api/v1/exports/annex-a/list-3.csv?from=2022-07-01T00:00:00Z&to=2022-06-01T00:00:00Z');
    expect(backwards.status).toBe(422);
    const auditor = await get('/api/v1/exports/annex-a/list-1.csv?from=2022-06-01T00:00:00Z&to=2022-07-01T00:00:00Z', await api.tokenFor('auditor'));
    expect(auditor.status).toBe(200);
    const worker = await get('/api/v1/exports/annex-a/list-1.csv?from=2022-06-01T00:00:00Z&to=2022-07-01T00:00:00Z', await api.tokenFor('mash_worker'));
    expect(worker.status).toBe(403);
  });

  it('the board pack has counts only, with 1-4 suppressed, in JSON and CSV', async () => {
    // February 2022: 6 contacts from professionals, 2 anonymous; 5 children get cin_assessment, 3 nfa.
    for (let i = 0; i < 8; i++) {
      const anonymous = i >= 6;
      await contactWithDecision(
        ds,
        { receivedAt: new Date(Date.UTC(2022, 1, 3 + i, 10)), referrerType: anonymous ? 'anonymous' : 'professional', anonymous, subjects: [{ firstName: `Secretname${i}`, dateOfBirth: '2013-02-0' + (i + 1), postcode: 'ZZ9 9ZZ' }] },
        { outcome: i < 5 ? 'cin_assessment' : 'nfa', decidedByUserId: workerId, decidedAt: new Date(Date.UTC(2022, 1, 3 + i, 12)) },
      );
    }
    const res = await api.http.get('/api/v1/reports/board-pack?from=2022-02-01T00:00:00Z&to=2022-03-01T00:00:00Z').set('Authorization', `Bearer ${manager}`);
    expect(res.status).toBe(200);
    const value = (section: string, measure: string) => res.body.rows.find((r: { section: string; measure: string }) => r.section === section && r.measure === measure)?.value;
    expect(value('volume', 'contacts_received')).toBe(8);
    expect(value('decisions', 'final_decisions')).toBe(8);
    expect(value('decisions', 'referrals_accepted')).toBe(5);
    expect(value('decisions', 'nfa')).toBe('<5');
    expect(value('decisions', 'nfa_rate_percent')).toBe('<5');
    expect(value('decisions_by_outcome', 'cin_assessment')).toBe(5);
    expect(value('contacts_by_referrer_type', 'professional')).toBe(6);
    expect(value('contacts_by_referrer_type', 'anonymous')).toBe('<5');
    const text = JSON.stringify(res.body);
    for (const leak of ['Secretname', 'ZZ9', '2013-02-0']) expect(text).not.toContain(leak);

    const csv = await get('/api/v1/reports/board-pack?format=csv&from=2022-02-01T00:00:00Z&to=2022-03-01T00:00:00Z');
    expect(csv.status).toBe(200);
    const rows = lines(csv.body);
    expect(rows[0]).toBe('section,measure,value');
    expect(rows).toContain('volume,contacts_received,8');
    expect(rows).toContain('decisions,nfa,<5');
    expect(csv.body).not.toContain('Secretname');
  });
});
