import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeedbackService } from '../../src/modules/feedback/feedback.service';
import { FeedbackTemplates } from '../../src/modules/feedback/feedback-templates.service';
import { OutboxService } from '../../src/queue/outbox.service';
import { randomName } from '../factories/contact-factory';
import { createReferral, insertDecision, uniqueEmail, userByEmail } from '../factories/feedback-factory';
import { adminToken } from '../utils/accounts';
import { feedbackOf } from '../utils/feedback-rows';
import { SmtpCapture } from '../utils/smtp-capture';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * SPEC SEC-2: e-mail with case content (an outcome with its reasons, a step-down notice naming the
 * lead professional) goes only to a verified address: an account's own, an agency's registered
 * address, or an address in a domain an agency allow-lists (agency.email_domains; the demo school
 * allow-lists riverside-school.localhost). A free-text address outside them gets a notice to sign in
 * or quote the reference, and nothing of the case. The public template (no case content) is sent as
 * before (tested in feedback.spec.ts).
 */
describe('SEC-2: case content by e-mail only to verified addresses', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let smtp: SmtpCapture;
  let ds: DataSource;
  let settings: FeedbackTemplates['settings'];
  const previousSmtp = process.env.SMTP_URL;

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    process.env.SMTP_URL = smtp.url;
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
    settings = api.app.get(FeedbackTemplates).settings;
  });

  afterAll(async () => {
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM outbound_message WHERE status IN ('pending', 'sending')`))[0].n === 0, 20_000, 'e-mail to settle').catch(() => undefined);
    await worker?.close();
    await api?.close();
    await smtp?.close();
    process.env.SMTP_URL = previousSmtp;
  });

  /** A referral the school's DSL account made, with the referrer's address typed on the form. */
  async function referralTypedBy(email: string) {
    const rita = await userByEmail(ds, 'referrer@mash.localhost');
    return ds.transaction((em) =>
      createReferral(em, api.app.get(OutboxService), {
        submittedByUserId: rita.id,
        submittedByAgencyId: rita.agencyId,
        referrer: { name: `Rita ${randomName('Dsl')}`, role: 'Designated Safeguarding Lead', organisation: 'Riverside Primary School', email, relationshipToChild: 'teacher' },
        subjects: [{ gpPractice: 'Hillview Surgery', school: 'Riverside Primary School' }],
      }),
    );
  }

  it('SEC-2: a referral whose free-text referrer.email is not verified gets the notice, not the outcome; the GP (registered address) gets the outcome', async () => {
    const typed = uniqueEmail('dsl', 'webmail.localhost');
    const c = await referralTypedBy(typed);
    const reasons = `No indication of harm at home ${randomName('N')}`;
    const rationale = `Rationale ${randomName('R')}`;
    const sam = await userByEmail(ds, 'worker@mash.localhost');
    await ds.transaction(async (em) => {
      const decision = await insertDecision(em, {
        contactId: c.contact.id, subjectId: c.subjects[0].id, outcome: 'nfa', thresholdLevel: 1, rationale, decidedByUserId: sam.id,
        reasonsThresholdNotMet: reasons, alternativeSupport: ['Family Hub'],
      });
      await api.app.get(FeedbackService).queueOutcomeFeedback(em, { decision });
    });

    const rows = await waitFor(async () => {
      const all = await feedbackOf(api.app, { contactId: c.contact.id });
      return all.length === 3 && all.every((r) => r.status === 'sent') ? all : null;
    }, 20_000, 'the acknowledgement and both outcome messages to be sent');
    const toReferrer = rows.find((r) => r.kind === 'outcome' && r.audience === 'professional')!;
    const toGp = rows.find((r) => r.audience === 'involved_agency')!;

    const [notice] = smtp.messages.filter((m) => m.headers['x-mash-feedback-id'] === toReferrer.id);
    expect(notice.to).toEqual([typed]);
    const all = [notice.subject, notice.text, notice.html].join('\n');
    expect(all).toContain(c.contact.reference);
    expect(notice.text).toContain('Sign in to the MASH service');
    for (const caseContent of [settings.outcomes.nfa.label, reasons, rationale, 'Family Hub', c.subjects[0].firstName!, c.subjects[0].lastName!]) expect(all).not.toContain(caseContent);

    const [gpMail] = smtp.messages.filter((m) => m.headers['x-mash-feedback-id'] === toGp.id);
    expect(gpMail.text).toContain(settings.outcomes.nfa.label);

    // Staff still see what was decided and said, and that the address got the notice instead.
    const staff = await api.http.get(`/api/v1/contacts/${c.contact.id}/feedback`).set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`);
    const item = staff.body.items.find((i: { id: string }) => i.id === toReferrer.id);
    expect(item.content.text).toContain(reasons);
    expect(item.recipientEmail).toBe(typed);
  });

  it('SEC-2: an address in the referring agency\'s allow-listed domain gets the outcome itself', async () => {
    const typed = uniqueEmail('dsl', 'riverside-school.localhost');
    const c = await referralTypedBy(typed);
    const sam = await userByEmail(ds, 'worker@mash.localhost');
    await ds.transaction(async (em) => {
      const decision = await insertDecision(em, { contactId: c.contact.id, subjectId: c.subjects[0].id, outcome: 'cin_assessment', thresholdLevel: 3, rationale: 'Rationale', decidedByUserId: sam.id });
      await api.app.get(FeedbackService).queueOutcomeFeedback(em, { decision });
    });
    const mail = await waitFor(async () => smtp.to(typed).find((m) => m.text.includes(settings.outcomes.cin_assessment.label)) ?? null, 20_000, 'the outcome to reach the allow-listed address');
    expect(mail.text).not.toContain('Sign in to the MASH service');
  });

  it('SEC-2, SEC-4: a domain an administrator registers for a new agency makes its addresses verified; a malformed domain is refused naming the field', async () => {
    const admin = `Bearer ${await adminToken(api)}`;
    const bad = await api.http.post('/api/v1/admin/agencies').set('Authorization', admin).send({ name: `Oak Academy ${randomName('A')}`, type: 'school', emailDomains: ['oak academy', 'ok.example'] });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'emailDomains', rule: 'matches' })]);

    const domain = `oak-${randomName('a').toLowerCase()}.localhost`;
    const created = await api.http.post('/api/v1/admin/agencies').set('Authorization', admin).send({ name: `Oak Academy ${randomName('A')}`, type: 'school', emailDomains: [domain.toUpperCase()] });
    expect(created.status).toBe(201);
    const listed = (await api.http.get('/api/v1/admin/agencies').set('Authorization', admin)).body.items.find((a: { id: string }) => a.id === created.body.id);
    expect(listed.emailDomains).toEqual([domain]);

    const typed = uniqueEmail('dsl', `staff.${domain}`);
    const c = await referralTypedBy(typed);
    const sam = await userByEmail(ds, 'worker@mash.localhost');
    await ds.transaction(async (em) => {
      const decision = await insertDecision(em, { contactId: c.contact.id, subjectId: c.subjects[0].id, outcome: 'cin_assessment', thresholdLevel: 3, rationale: 'Rationale', decidedByUserId: sam.id });
      await api.app.get(FeedbackService).queueOutcomeFeedback(em, { decision });
    });
    const mail = await waitFor(async () => smtp.to(typed).find((m) => m.text.includes(settings.outcomes.cin_assessment.label)) ?? null, 20_000, 'the outcome to reach an address in the new agency\'s domain');
    expect(mail.text).not.toContain('Sign in to the MASH service');
  });

  it('SEC-2: a step-down notice to a referrer\'s unverified typed address is the sign-in notice, without the lead professional or the child', async () => {
    const typed = uniqueEmail('dsl', 'webmail.localhost');
    const c = await referralTypedBy(typed);
    const [eh] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`);
    const proposed = await api.http.post('/api/v1/step-downs').set('Authorization', `Bearer ${await api.tokenFor('mash_worker')}`).send({
      subjectId: c.subjects[0].id, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Handover', reviewDate: '2027-01-15',
      plan: { actions: [{ action: 'Visit', owner: 'EH', successCriteria: 'Seen' }] },
    });
    expect(proposed.status).toBe(201);
    const accepted = await api.http.post(`/api/v1/step-downs/${proposed.body.id}/accept`).set('Authorization', `Bearer ${await api.tokenFor('earlyhelp@mash.localhost')}`);
    expect(accepted.status).toBe(200);

    const notices = await waitFor(async () => {
      const mine = smtp.messages.filter((m) => m.headers['x-mash-step-down-id'] === proposed.body.id);
      return mine.length === 3 ? mine : null;
    }, 20_000, 'three step-down notices');
    const toReferrer = notices.find((m) => m.to[0] === typed)!;
    expect(toReferrer.text).toContain(c.contact.reference);
    expect(toReferrer.text).toContain('Sign in to the MASH service');
    for (const caseContent of ['Lead professional', 'Eli Early Help', 'earlyhelp@mash.localhost', c.subjects[0].firstName!]) expect(toReferrer.text).not.toContain(caseContent);
    // The GP practice and the school, at their registered addresses, are told who the lead professional is.
    for (const m of notices.filter((n) => n !== toReferrer)) expect(m.text).toContain('Lead professional: Eli Early Help');
  });
});
