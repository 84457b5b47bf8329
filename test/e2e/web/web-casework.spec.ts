import type { INestApplicationContext } from '@nestjs/common';
import { dateFromToday, tag } from '../../factories/contact-bodies';
import { startApi, startWorker, TestApi, waitFor } from '../../utils/test-app';
import { errorSummary, heading, WebClient } from '../../utils/web-client';

/** The MASH case pages (SPEC WEB-4): checks, decisions, strategy, step-down, manager; each role; guards as error summaries. */
describe('Web: MASH case pages', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  const auth = async (role: string) => ({ Authorization: `Bearer ${await api.tokenFor(role)}` });
  const signedIn = async (who: string) => {
    const web = new WebClient(api);
    await web.signIn(who);
    return web;
  };

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  /** A school's contact, graded by the worker process, the grade confirmed through the API. */
  async function gradedChild(concerns: { category: string; description: string }[], grade: 'RED' | 'AMBER' | 'GREEN', criterion: string, extra: Record<string, unknown> = {}) {
    const t = tag();
    const subjects = [{ firstName: `Kid${t}`, lastName: `Case${t}`, dateOfBirth: dateFromToday({ years: -7 }), sex: 'F', gpPractice: 'Hillview GP Practice' }];
    const res = await api.http.post('/api/v1/contacts').set(await auth('referrer')).send({ channel: 'professional', subjects, concerns, ...extra });
    expect(res.status).toBe(201);
    const contactId: string = res.body.id;
    const triage = await waitFor(async () => {
      const r = await api.http.get(`/api/v1/contacts/${contactId}/triage`).set(await auth('mash_worker'));
      return r.status === 200 && r.body.subjects?.length === 1 && r.body.subjects[0].provisionalGrade ? r.body : null;
    }, 20_000, 'the provisional grade');
    const subjectId: string = triage.subjects[0].subjectId;
    const g = await api.http.post(`/api/v1/contacts/${contactId}/subjects/${subjectId}/grade`).set(await auth('mash_worker')).send({ grade, criterion, rationale: 'Confirmed after reading the history.' });
    expect([200, 202]).toContain(g.status);
    return { contactId, subjectId, name: `Kid${t} Case${t}` };
  }

  async function gpAnswers(contactId: string, subjectId: string) {
    const check = await api.http.post(`/api/v1/contacts/${contactId}/checks`).set(await auth('mash_worker')).send({
      agencyType: 'health_gp', checkType: 'gp', subjectIds: [subjectId], reason: 'Health history', questions: ['Any missed appointments or injuries?'], lawfulBasis: 'Children Act 1989 s47',
    });
    expect(check.status).toBe(201);
    expect((await api.http.post(`/api/v1/checks/${check.body.id}/response`).set(await auth('gp@mash.localhost')).send({ status: 'returned', summary: 'Registered; no concerns.' })).status).toBe(200);
  }

  const decisionPath = (c: { contactId: string; subjectId: string }) => `/mash/contacts/${c.contactId}/children/${c.subjectId}/decision`;

  it('DEC-3 (DUD 5.13-5.18): an NFA with "partner in custody" as the only reason is refused on the page, naming the lesson; nothing is saved', async () => {
    const child = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const web = await signedIn('mash_worker');
    const form = await web.get(decisionPath(child));
    expect(form.status).toBe(200);
    expect(heading(form.text)).toBe(`Decision for ${child.name}`);

    const empty = await web.post(decisionPath(child), {});
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text).map((e) => e.href)).toEqual(expect.arrayContaining(['#outcome', '#thresholdLevel', '#rationale']));

    const answers = {
      outcome: 'nfa', thresholdLevel: '1', rationale: 'Father is in prison.', historyReviewed: 'yes', reasonCodes: 'perpetrator_in_custody',
      'riskAnalysis-nfa': 'Low while he is in custody.', 'reasonsThresholdNotMet-nfa': 'He is in prison.', 'alternativeSupport-nfa': 'Family Hub drop-in',
    };
    const next = await web.post(decisionPath(child), answers);
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe(`${decisionPath(child)}/check`);
    const check = await web.get(`${decisionPath(child)}/check`);
    expect(check.text).toContain('Alleged perpetrator arrested or in custody');
    const refused = await web.post(`${decisionPath(child)}/check`, {});
    expect(refused.status).toBe(422);
    const summary = errorSummary(refused.text);
    expect(summary).toEqual([{ href: '#reasonCodes', text: expect.stringContaining('"partner in custody"') }]);
    expect(summary[0].text).toContain('Dudley');
    const triage = await api.http.get(`/api/v1/contacts/${child.contactId}/triage`).set(await auth('mash_worker'));
    expect(triage.body.status).not.toBe('decided');
  });

  it('DEC-3 (Q F2): "not enough evidence" without the child seen alone, checks or a strategy discussion considered is refused with the Child Q lesson', async () => {
    const child = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const web = await signedIn('mash_worker');
    await web.get(decisionPath(child));
    await web.post(decisionPath(child), {
      outcome: 'advice_signpost', thresholdLevel: '1', rationale: 'No evidence.', historyReviewed: 'yes', reasonCodes: 'insufficient_evidence',
      'riskAnalysis-advice_signpost': 'Low.', 'reasonsThresholdNotMet-advice_signpost': 'Nothing found.', 'alternativeSupport-advice_signpost': 'School nurse',
    });
    const refused = await web.post(`${decisionPath(child)}/check`, {});
    expect(refused.status).toBe(422);
    const summary = errorSummary(refused.text);
    expect(summary.map((s) => s.href)).toEqual(['#childSeenAlone', '#checksDone', '#strategyDiscussionConsidered']);
    expect(summary[0].text).toContain('seen alone');
    expect(summary[0].text).toContain('Child Q');
  });

  it('DEC-3/DEC-4 (IOW 2.7): a RED child given early help is refused; the manager overrides with a reason; the decision shows as waiting for approval', async () => {
    const child = await gradedChild([{ category: 'threat_to_harm_or_kill', description: 'Father threatened to kill the child' }], 'RED', 'RED.likely-significant-harm');
    await gpAnswers(child.contactId, child.subjectId);
    const answers = { outcome: 'early_help', thresholdLevel: '2', rationale: 'Family asked for help.', historyReviewed: 'yes', reasonCodes: 'needs_met_by_early_help', leadProfessionalName: 'Eli Early Help', leadProfessionalEmail: 'earlyhelp@mash.localhost' };
    const sw = await signedIn('mash_worker');
    await sw.get(decisionPath(child));
    await sw.post(decisionPath(child), answers);
    const refused = await sw.post(`${decisionPath(child)}/check`, {});
    expect(refused.status).toBe(422);
    expect(errorSummary(refused.text)[0]).toEqual({ href: '#outcome', text: expect.stringContaining('A RED child needs a strategy discussion or immediate protection') });
    expect(refused.text).not.toContain('id="overrideReason"'); // a worker cannot override

    const manager = await signedIn('mash_manager');
    await manager.get(decisionPath(child));
    await manager.post(decisionPath(child), { ...answers, overrideReason: 'Police confirm the allegation was disproved.' });
    const done = await manager.post(`${decisionPath(child)}/check`, {});
    expect(done.status).toBe(303);
    const confirmation = await manager.get(done.headers.location);
    expect(heading(confirmation.text)).toBe("Decision waiting for a manager's approval");
    expect(confirmation.text).toContain('A manager overrode a rule; another manager approves it');
  });
});
