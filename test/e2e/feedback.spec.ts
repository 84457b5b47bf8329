import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { escapeHtml } from '../../src/modules/feedback/domain/template-renderer';
import { FeedbackService } from '../../src/modules/feedback/feedback.service';
import { FeedbackTemplates } from '../../src/modules/feedback/feedback-templates.service';
import type { FeedbackRecord } from '../../src/modules/feedback/feedback-record';
import { OutboxService } from '../../src/queue/outbox.service';
import { randomName } from '../factories/contact-factory';
import { agencyByName, createReferral, CreatedReferral, insertDecision, ReferralSeed, uniqueEmail, userByEmail } from '../factories/feedback-factory';
import { feedbackOf, oneFeedback } from '../utils/feedback-rows';
import { SmtpCapture } from '../utils/smtp-capture';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * Feedback end to end (SPEC §9): contacts and decisions are arranged in the database as intake (#3)
 * and decisions (#6) will write them (same transactions, same outbox events); the worker sends over
 * real SMTP to a server in this process; staff and referrers read and resend over HTTP.
 */
describe('Feedback to referrers and involved agencies (SPEC FB-1..FB-5)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let smtp: SmtpCapture;
  let ds: DataSource;
  let settings: FeedbackTemplates['settings'];
  const previousSmtp = process.env.SMTP_URL;
  const GP_EMAIL = 'safeguarding@hillview-gp.localhost';

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    process.env.SMTP_URL = smtp.url;
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
    settings = api.app.get(FeedbackTemplates).settings;
  });

  afterAll(async () => {
    // Leave nothing in flight for the next test file's worker.
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM outbound_message WHERE status IN ('pending', 'sending')`))[0].n === 0, 20_000, 'feedback to settle').catch(() => undefined);
    await worker?.close();
    await api?.close();
    await smtp?.close();
    process.env.SMTP_URL = previousSmtp;
  });

  const referral = (seed: ReferralSeed) => ds.transaction((em) => createReferral(em, api.app.get(OutboxService), seed));

  /** A school DSL's referral, made through the referrer demo account. */
  async function schoolReferral(extra: Partial<ReferralSeed> = {}): Promise<CreatedReferral & { dslEmail: string }> {
    const school = await agencyByName(ds, 'Riverside Primary School');
    const rita = await userByEmail(ds, 'referrer@mash.localhost');
    const dslEmail = uniqueEmail('dsl', 'riverside-school.localhost');
    const created = await referral({
      submittedByUserId: rita.id,
      submittedByAgencyId: school.id,
      referrer: { name: `Rita ${randomName('Dsl')}`, role: 'Designated Safeguarding Lead', organisation: 'Riverside Primary School', phone: '01632 960 321', email: dslEmail, relationshipToChild: 'teacher' },
      subjects: [{ gpPractice: 'Hillview Surgery' }],
      household: [{ relationship: 'mother' }, { relationship: 'mothers_partner', sex: 'M' }],
      ...extra,
    });
    return { ...created, dslEmail };
  }

  /** The decision's transaction, as the decisions use case runs it: final decision + outcome feedback. */
  async function decide(c: CreatedReferral, outcome: 'nfa' | 'cin_assessment', extra: { reasonsThresholdNotMet?: string; alternativeSupport?: string[] } = {}) {
    const sam = await userByEmail(ds, 'worker@mash.localhost');
    return ds.transaction(async (em) => {
      const decision = await insertDecision(em, { contactId: c.contact.id, subjectId: c.subjects[0].id, outcome, thresholdLevel: outcome === 'nfa' ? 1 : 3, rationale: `Rationale ${randomName('R')}`, decidedByUserId: sam.id, ...extra });
      await api.app.get(FeedbackService).queueOutcomeFeedback(em, { decision });
      return decision;
    });
  }

  const rowsOf = (contactId: string) => feedbackOf(api.app, { contactId });
  const settled = (contactId: string, count: number) =>
    waitFor(async () => {
      const rows = await rowsOf(contactId);
      return rows.length === count && rows.every((r) => !['pending', 'sending'].includes(r.status)) ? rows : null;
    }, 20_000, `${count} feedback messages to settle`);
  const mailFor = (row: FeedbackRecord) => smtp.messages.filter((m) => m.headers['x-mash-feedback-id'] === row.id);

  it('acknowledges a professional referral at once by e-mail (FB-1)', async () => {
    const c = await schoolReferral();
    const [ack] = await settled(c.contact.id, 1);
    expect(ack).toMatchObject({ kind: 'acknowledgement', audience: 'professional', status: 'sent', recipientEmail: c.dslEmail });
    const [mail] = mailFor(ack);
    expect(mail.to).toEqual([c.dslEmail]);
    expect(mail.messageId).toBe(ack.messageId);
    expect(mail.subject).toContain(c.contact.reference);
    expect(mail.text).toContain(c.referrer!.name);
    expect(mail.text).toContain(settings.team.contactName);
    expect(mail.html).toContain(settings.challenge.url);
  });

  it('records not_possible_anonymous for an anonymous contact, sends nothing, and the status text gives the outcome per child (FB-1)', async () => {
    const c = await referral({ channel: 'public', referrerType: 'anonymous', anonymous: true, referrer: null, subjects: [{}, {}] });
    const [ack] = await settled(c.contact.id, 1);
    expect(ack).toMatchObject({ kind: 'acknowledgement', audience: 'public', status: 'not_possible_anonymous', recipientEmail: null, attempts: 0 });
    const feedback = api.app.get(FeedbackService);
    expect(await feedback.publicOutcomeSummary(c.contact.id)).toBe(`Child 1 of 2: ${settings.publicStatus.inProgress}\nChild 2 of 2: ${settings.publicStatus.inProgress}`);

    await decide(c, 'cin_assessment');
    const rows = await settled(c.contact.id, 2);
    expect(rows[1]).toMatchObject({ kind: 'outcome', audience: 'public', status: 'not_possible_anonymous' });
    expect(rows.flatMap(mailFor)).toHaveLength(0);
    expect(await feedback.publicOutcomeSummary(c.contact.id)).toBe(`Child 1 of 2: ${settings.outcomes.cin_assessment.public}\nChild 2 of 2: ${settings.publicStatus.inProgress}`);

    const staff = await api.http.get(`/api/v1/contacts/${c.contact.id}/feedback`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    expect(staff.status).toBe(200);
    expect(staff.body.items.map((i: { status: string }) => i.status)).toEqual(['not_possible_anonymous', 'not_possible_anonymous']);
  });

  it('school referral decided nfa: the DSL gets decision, reasons, alternative support, named contact and challenge link; the GP gets its own message; neither names the other (FB-2, FB-3, FB-5)', async () => {
    const c = await schoolReferral();
    await settled(c.contact.id, 1);
    const reasons = `No indication of harm at home ${randomName('N')}`;
    const support = `Riverside Family Hub parenting course ${randomName('S')}`;
    await decide(c, 'nfa', { reasonsThresholdNotMet: reasons, alternativeSupport: [support] });

    const rows = await settled(c.contact.id, 3);
    const toDsl = rows.find((r) => r.kind === 'outcome' && r.audience === 'professional')!;
    const toGp = rows.find((r) => r.audience === 'involved_agency')!;
    expect(toDsl.status).toBe('sent');
    expect(toGp).toMatchObject({ status: 'sent', recipientEmail: GP_EMAIL });

    const [dslMail] = mailFor(toDsl);
    expect(dslMail.to).toEqual([c.dslEmail]);
    for (const [body, as] of [[dslMail.text, (s: string) => s], [dslMail.html, escapeHtml]] as const) {
      expect(body).toContain(as(settings.outcomes.nfa.label));
      expect(body).toContain(as(reasons));
      expect(body).toContain(as(support));
      expect(body).toContain(as(settings.team.contactName));
      expect(body).toContain(as(settings.challenge.url));
      expect(body).toContain(as(settings.challenge.version));
    }
    const [gpMail] = mailFor(toGp);
    expect(gpMail.to).toEqual([GP_EMAIL]);
    const child = `${c.subjects[0].firstName} ${c.subjects[0].lastName}`;
    expect(gpMail.text).toContain(child);
    expect(gpMail.text).toContain(settings.outcomes.nfa.label);

    const gpAll = [gpMail.subject, gpMail.text, gpMail.html].join('\n');
    for (const referrerDetail of [c.referrer!.name!, c.dslEmail, c.referrer!.phone!, 'Riverside', 'Designated Safeguarding Lead', reasons]) expect(gpAll).not.toContain(referrerDetail);
    const dslAll = [dslMail.subject, dslMail.text, dslMail.html].join('\n');
    for (const gpDetail of ['Hillview', GP_EMAIL]) expect(dslAll).not.toContain(gpDetail);
    for (const member of c.household) for (const mail of [gpAll, dslAll]) expect(mail).not.toContain(member.firstName!);
  });

  it('a public contact from a grandparent gets the public template only; the status text is the same outcome text; no household member is named (FB-2, FB-5)', async () => {
    const granEmail = uniqueEmail('gran', 'home.localhost');
    const c = await referral({
      channel: 'public',
      referrerType: 'relative',
      referrer: { name: `Gran ${randomName('G')}`, email: granEmail, phone: '07700 900123', relationshipToChild: 'grandparent' },
      subjects: [{ gpPractice: 'Hillview Surgery' }],
      household: [{ relationship: 'mother' }, { relationship: 'father', sex: 'M' }, { relationship: 'sibling', sex: 'F' }],
    });
    const [ack] = await settled(c.contact.id, 1);
    expect(ack).toMatchObject({ audience: 'public', status: 'sent' });
    await decide(c, 'cin_assessment');

    const rows = await settled(c.contact.id, 3); // acknowledgement, outcome to the grandparent, outcome to the GP
    const toGran = rows.filter((r) => r.recipientEmail === granEmail);
    expect(toGran.map((r) => [r.kind, r.audience, r.status])).toEqual([
      ['acknowledgement', 'public', 'sent'],
      ['outcome', 'public', 'sent'],
    ]);
    const summary = await api.app.get(FeedbackService).publicOutcomeSummary(c.contact.id);
    expect(summary).toBe(settings.outcomes.cin_assessment.public);

    for (const row of toGran) {
      const [mail] = mailFor(row);
      expect(mail.to).toEqual([granEmail]);
      const all = [mail.subject, mail.text, mail.html].join('\n');
      if (row.kind === 'outcome') expect(mail.text).toContain(summary);
      expect(mail.text).toContain(settings.confidentialityStatement);
      for (const member of c.household) {
        expect(all).not.toContain(member.firstName!);
        expect(all).not.toContain(member.lastName!);
      }
      for (const hidden of [c.subjects[0].firstName!, c.subjects[0].lastName!, c.referrer!.name!, '07700 900123', 'Hillview', settings.outcomes.cin_assessment.label, settings.team.contactName, settings.challenge.url]) {
        expect(all).not.toContain(hidden);
      }
    }
  });

  it('GET /contacts/{id}/feedback: MASH staff see every message; the referrer sees their own only; anyone else 404', async () => {
    const c = await schoolReferral();
    await settled(c.contact.id, 1);
    await decide(c, 'nfa', { reasonsThresholdNotMet: 'Below threshold', alternativeSupport: ['School nurse drop-in'] });
    await settled(c.contact.id, 3);
    const url = `/api/v1/contacts/${c.contact.id}/feedback`;
    const as = async (who: string) => api.http.get(url).set('Authorization', `Bearer ${await api.tokenFor(who)}`);

    const staff = await as('mash_manager');
    expect(staff.status).toBe(200);
    type Item = { id: string; kind: string; audience: string; content: { text: string }; serverResponse: string };
    const items: Item[] = staff.body.items;
    expect(items.map((i) => `${i.kind}/${i.audience}`).sort()).toEqual(['acknowledgement/professional', 'outcome/involved_agency', 'outcome/professional']);
    const outcome = items.find((i) => i.kind === 'outcome' && i.audience === 'professional')!;
    expect(outcome).toMatchObject({ status: 'sent', attempts: 1, recipientEmail: c.dslEmail, messageId: expect.stringMatching(/^<feedback\..+@/) });
    expect(outcome.content.text).toContain('School nurse drop-in');
    expect(outcome.serverResponse).toMatch(/^250 /);
    expect(items.find((i) => i.audience === 'involved_agency')).toMatchObject({ recipientEmail: GP_EMAIL, status: 'sent' });
    expect(staff.body.nextCursor).toBeNull();

    const own = await as('referrer@mash.localhost');
    expect(own.status).toBe(200);
    expect(own.body.items.map((i: { kind: string }) => i.kind)).toEqual(['acknowledgement', 'outcome']);
    expect(own.body.items[1].audience).toBeUndefined();
    expect(own.body.items[1]).toMatchObject({ status: 'sent', content: { subject: expect.stringContaining(c.contact.reference) } });
    expect(JSON.stringify(own.body)).not.toContain(GP_EMAIL);
    // The same view for the referrer's own contact list (GET /contacts?mine=true, intake).
    const mine = (await api.app.get(FeedbackService).referrerFeedback([c.contact.id])).get(c.contact.id)!;
    expect(mine.map((m) => [m.kind, m.status])).toEqual([['acknowledgement', 'sent'], ['outcome', 'sent']]);
    expect(mine[1].text).toContain('School nurse drop-in');

    const paged = await api.http.get(`${url}?limit=2`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    expect(paged.body.items).toHaveLength(2);
    const rest = await api.http.get(`${url}?limit=2&cursor=${paged.body.nextCursor}`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
    expect([...paged.body.items, ...rest.body.items].map((i: Item) => i.id)).toEqual(items.map((i) => i.id));

    expect((await as('police')).status).toBe(404); // a professional, but not theirs
    expect((await as('gp@mash.localhost')).status).toBe(404);
    expect((await as('auditor')).status).toBe(403);
    expect((await api.http.get(url)).status).toBe(401);
    expect((await api.http.get('/api/v1/contacts/6f0c1d1e-0000-4000-8000-000000000000/feedback').set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`)).status).toBe(404);
    const bad = await api.http.get('/api/v1/contacts/not-a-uuid/feedback').set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'id', rule: 'isUuid' })]);
    const badCursor = await api.http.get(`${url}?cursor=nonsense`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);

    const reads = await ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'contact.read'`, [c.contact.id]);
    expect(reads[0].n).toBeGreaterThanOrEqual(4);
  });

  it('POST /feedback/{id}/resend: MASH staff resend a failed message (here an unmatched GP practice, with the address) and it is sent (FB-3, FB-4)', async () => {
    const c = await schoolReferral({ subjects: [{ gpPractice: `Nowhere ${randomName('P')} Surgery` }] });
    await settled(c.contact.id, 1);
    await decide(c, 'nfa', { reasonsThresholdNotMet: 'Below threshold', alternativeSupport: ['Family Hub'] });
    const rows = await settled(c.contact.id, 3);
    const gpRow = rows.find((r) => r.audience === 'involved_agency')!;
    expect(gpRow).toMatchObject({ status: 'failed', recipientEmail: null, attempts: 0 });
    expect(gpRow.lastError).toContain('matches no GP agency');

    const worker = `Bearer ${await api.tokenFor('mash_worker')}`;
    const url = `/api/v1/feedback/${gpRow.id}/resend`;
    const noAddress = await api.http.post(url).set('Authorization', worker).send({});
    expect(noAddress.status).toBe(422);
    expect(noAddress.body.details).toEqual([expect.objectContaining({ field: 'recipientEmail', rule: 'FB-4.recipient-required' })]);
    const badAddress = await api.http.post(url).set('Authorization', worker).send({ recipientEmail: 'not-an-address' });
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.details).toEqual([expect.objectContaining({ field: 'recipientEmail' })]);
    expect((await api.http.post(url).set('Authorization', worker).send({ recipientEmail: 'a@b.localhost', force: true })).status).toBe(400);
    expect((await api.http.post(url).set('Authorization', `Bearer ${await api.tokenFor('referrer')}`).send({})).status).toBe(403);
    expect((await api.http.post('/api/v1/feedback/6f0c1d1e-0000-4000-8000-000000000000/resend').set('Authorization', worker).send({})).status).toBe(404);

    const practice = uniqueEmail('safeguarding', 'nowhere-gp.localhost');
    const resent = await api.http.post(url).set('Authorization', worker).send({ recipientEmail: practice });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id: gpRow.id, status: 'pending', recipientEmail: practice, resendCount: 1 });

    const sent = await waitFor(async () => {
      const r = (await oneFeedback(api.app, { id: gpRow.id }))!;
      return r.status === 'sent' ? r : null;
    }, 20_000, 'the resent message to be sent');
    expect(sent.attempts).toBe(1);
    const mails = smtp.to(practice);
    expect(mails).toHaveLength(1);
    expect(mails[0].messageId).toBe(gpRow.messageId);
    expect(mails[0].text).toContain(settings.outcomes.nfa.label);

    const again = await api.http.post(url).set('Authorization', worker).send({});
    expect(again.status).toBe(409);
    const audit = await ds.query(`SELECT actor_role, summary FROM audit_event WHERE entity_id = $1 AND action = 'feedback.resend'`, [gpRow.id]);
    expect(audit).toEqual([{ actor_role: 'mash_worker', summary: expect.objectContaining({ recipientChanged: true, attempt: 1 }) }]);
  });

  it('queueing the same decision twice creates no second message', async () => {
    const c = await schoolReferral();
    await settled(c.contact.id, 1);
    const decision = await decide(c, 'cin_assessment');
    const again = await ds.transaction((em) => api.app.get(FeedbackService).queueOutcomeFeedback(em, { decision }));
    expect(again.every((q) => !q.created)).toBe(true);
    const rows = await settled(c.contact.id, 3);
    expect(rows.filter((r) => r.kind === 'outcome')).toHaveLength(2);
    for (const row of rows) expect(mailFor(row)).toHaveLength(1);
  });
});
