import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

  /** Where an approvals page's "Later requests" link goes; undefined on the last page. */
  const laterRequests = (html: string) => /<a class="govuk-link" href="([^"]+)">Later requests<\/a>/.exec(html)?.[1].replace(/&amp;/g, '&');

  /** The approvals page (oldest first, a page at a time) that shows `needle`, following "Later requests"; null when none does. */
  async function approvalsPageWith(web: WebClient, needle: string): Promise<string | null> {
    for (let path: string | undefined = '/mash/manager/approvals'; path; ) {
      const page = await web.get(path);
      expect(page.status).toBe(200);
      if (page.text.includes(needle)) return page.text;
      path = laterRequests(page.text);
    }
    return null;
  }

  const decisionPath = (c: { contactId: string; subjectId: string }) => `/mash/contacts/${c.contactId}/children/${c.subjectId}/decision`;

  /** The early-help step-down's parts as the decision form takes them (SPEC STEP-2). */
  const handover = () => {
    const [year, month, day] = dateFromToday({ days: 28 }).split('-');
    return {
      leadProfessionalName: 'Eli Early Help', leadProfessionalEmail: 'earlyhelp@mash.localhost', stepDownRiskHandover: 'Father threatened the child; police say disproved. Watch for new threats.',
      planAction: 'Weekly home visit', planOwner: 'Family support worker', planSuccess: 'Child attends school every day', 'stepDownReviewDate-day': day, 'stepDownReviewDate-month': month, 'stepDownReviewDate-year': year,
    };
  };

  it('STEP-2: an early-help decision without its step-down handover is refused, the error summary naming each missing part; given them, check your answers shows them and it is recorded', async () => {
    const child = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const web = await signedIn('mash_worker');
    const form = await web.get(decisionPath(child));
    expect(form.text).toContain('id="stepDownRiskHandover"');
    expect(form.text).toContain('id="stepDownReviewDate"');
    const bare = { outcome: 'early_help', thresholdLevel: '2', rationale: 'Family asked for help.', historyReviewed: 'yes', reasonCodes: 'needs_met_by_early_help' };
    expect((await web.post(decisionPath(child), bare)).status).toBe(303);
    const refused = await web.post(`${decisionPath(child)}/check`, {});
    expect(refused.status).toBe(422);
    const summary = errorSummary(refused.text);
    expect(summary.map((s) => s.href)).toEqual(['#leadProfessionalName', '#leadProfessionalAgencyId', '#leadProfessionalEmail', '#stepDownRiskHandover', '#planAction', '#stepDownReviewDate-day']);
    expect(summary[0].text).toBe('Name the lead professional who will hold the child');
    expect(summary[5].text).toBe('Give the date the plan is reviewed');
    expect((await web.get(decisionPath(child))).status).toBe(200); // nothing recorded: the form again, not the child's decision

    const halfPlan = await web.post(decisionPath(child), { ...bare, ...handover(), planOwner: '' });
    expect(halfPlan.status).toBe(400);
    expect(errorSummary(halfPlan.text).map((s) => s.href)).toEqual(['#planOwner']);

    expect((await web.post(decisionPath(child), { ...bare, ...handover() })).status).toBe(303);
    const check = await web.get(`${decisionPath(child)}/check`);
    expect(check.text).toContain('Weekly home visit by Family support worker');
    expect(check.text).toContain(dateFromToday({ days: 28 }).slice(0, 4));
    const done = await web.post(`${decisionPath(child)}/check`, {});
    expect(done.status).toBe(303);
    expect((await web.get(done.headers.location)).text).toContain('Early help, with a named lead professional');

    // The contact's task list opens the case pages at their addresses and shows what they recorded.
    const contactPage = await web.get(`/mash/contacts/${child.contactId}`);
    expect(contactPage.status).toBe(200);
    const taskList = /data-qa="task-list"[\s\S]*?<\/ul>/.exec(contactPage.text)![0];
    const hrefs = [...taskList.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    const decisionHref = hrefs.find((h) => h.endsWith('/decision'))!;
    expect(decisionHref).toMatch(new RegExp(`^/mash/contacts/${child.contactId}/children/[0-9a-f-]{36}/decision$`));
    const broken: [string, number][] = [];
    for (const href of hrefs) {
      const status = (await web.get(href)).status;
      if (status !== 200 && status !== 303) broken.push([href, status]);
    }
    expect(broken).toEqual([]);
    const again = await web.get(decisionHref); // the recorded decision, not a new form
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`${decisionHref}/${done.headers.location.split('/').pop()}`);
    const decisionTask = /<li class="govuk-task-list__item[^"]*">(?:(?!<\/li>)[\s\S])*?Record the decision for[\s\S]*?<\/li>/.exec(taskList)![0];
    expect(decisionTask.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain('Completed');
  });

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
    const answers = { outcome: 'early_help', thresholdLevel: '2', rationale: 'Family asked for help.', historyReviewed: 'yes', reasonCodes: 'needs_met_by_early_help', ...handover() };
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
    const again = await sw.get(decisionPath(child)); // the child's decision, not a second form
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(done.headers.location);
    expect(heading((await sw.get(again.headers.location)).text)).toBe("Decision waiting for a manager's approval");
  });

  it('CHK-1, CHK-4: a worker asks the GP through the page (errors name the fields), sees the answer arrive; only a manager waives a check, with a reason', async () => {
    const child = await gradedChild([{ category: 'neglect_indicator', description: 'Often hungry at school' }], 'AMBER', 'AMBER.harm-not-ruled-out');
    const path = `/mash/contacts/${child.contactId}/checks`;
    const sw = await signedIn('mash_worker');
    const page = await sw.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('GP (asked directly) (CHK-2)'); // required, outstanding
    const empty = await sw.post(path, {});
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text).map((e) => e.href)).toEqual(expect.arrayContaining(['#reason', '#questions', '#lawfulBasis']));
    const gpOption = /<option value="([0-9a-f-]{36})">Hillview GP Practice<\/option>/.exec(page.text)![1];
    const asked = await sw.post(path, { agencyId: gpOption, reason: 'Health history', questions: 'Is the child registered?\nAny missed appointments?', lawfulBasis: 'Children Act 1989 s47' });
    expect(asked.status).toBe(303);
    const waiting = await sw.get(path);
    expect(waiting.text).toContain('Waiting for answer');
    expect(waiting.text).not.toContain('Waive this check'); // workers never waive
    const checkId = /action="[^"]+\/checks\/([0-9a-f-]{36})\/waive"/.exec(waiting.text)?.[1];
    expect(checkId).toBeUndefined();
    const list = await api.http.get(`/api/v1/contacts/${child.contactId}/checks`).set(await auth('mash_worker'));
    const id = list.body.checks[0].id;
    expect((await sw.post(`${path}/${id}/waive`, { reason: 'x' })).status).toBe(403);

    expect((await api.http.post(`/api/v1/checks/${id}/response`).set(await auth('gp@mash.localhost')).send({ status: 'returned', summary: 'Registered; two missed immunisations.' })).status).toBe(200);
    const answered = await sw.get(path);
    expect(answered.text).toContain('Answered');
    expect(answered.text).toContain('Registered; two missed immunisations.');

    await sw.get(path);
    await sw.post(path, { agencyId: gpOption, reason: 'Second question', questions: 'Any injuries?', lawfulBasis: 'Children Act 1989 s47' });
    const manager = await signedIn('mash_manager');
    const withButton = await manager.get(path);
    const second = /action="[^"]+\/checks\/([0-9a-f-]{36})\/waive"/.exec(withButton.text)![1];
    const noReason = await manager.post(`${path}/${second}/waive`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(errorSummary(noReason.text)).toEqual([{ href: `#waive-${second}`, text: expect.any(String) }]);
    expect((await manager.post(`${path}/${second}/waive`, { reason: 'The GP answered the first question in full.' })).status).toBe(303);
    expect((await manager.get(path)).text).toContain('Waived by a manager');
  });

  it('DEC-4: approvals: a manager cannot approve their own override (error summary); another manager approves it; returning needs a comment; the override register lists it for managers and auditors', async () => {
    const child = await gradedChild([{ category: 'threat_to_harm_or_kill', description: 'Threat to kill' }], 'RED', 'RED.likely-significant-harm');
    await gpAnswers(child.contactId, child.subjectId);
    const manager = await signedIn('mash_manager');
    await manager.get(decisionPath(child));
    await manager.post(decisionPath(child), { outcome: 'cin_assessment', thresholdLevel: '3', rationale: 'Threat withdrawn; assess needs.', historyReviewed: 'yes', overrideReason: `Police found the threat was made up ${child.name}.` });
    expect((await manager.post(`${decisionPath(child)}/check`, {})).status).toBe(303);

    const approvals = await api.http.get('/api/v1/approvals').query({ contactId: child.contactId }).set(await auth('mash_manager'));
    const mine = approvals.body.items.find((a: { payload: { subjectId?: string } }) => a.payload.subjectId === child.subjectId);
    const read = `/mash/contacts/${child.contactId}/children/${child.subjectId}/decision/${mine.payload.decisionId}`;
    // Their own request shows, without the buttons to answer it.
    const queue = (await approvalsPageWith(manager, `href="${read}"`))!;
    const block = queue.slice(queue.indexOf(`href="${read}"`)).split('data-qa="approval"')[0];
    expect(block).toContain('You made this request');
    expect(block).not.toContain(`/mash/manager/approvals/${mine.id}/approve`);
    const refused = await manager.post(`/mash/manager/approvals/${mine.id}/approve`, {});
    expect(refused.status).toBe(422);
    expect(errorSummary(refused.text)[0].text).toContain('Nobody approves or rejects their own request');

    const second = await signedIn('manager2@mash.localhost');
    expect(await approvalsPageWith(second, `action="/mash/manager/approvals/${mine.id}/approve"`)).not.toBeNull();
    const decisionPage = await second.get(read);
    expect(decisionPage.text).toContain(`Rule overridden by a manager: Police found the threat was made up ${child.name}.`);
    const noComment = await second.post(`/mash/manager/approvals/${mine.id}/return`, { comments: '' });
    expect(noComment.status).toBe(422);
    expect(errorSummary(noComment.text)).toEqual([{ href: `#comments-${mine.id}`, text: expect.any(String) }]);
    expect((await second.post(`/mash/manager/approvals/${mine.id}/approve`, {})).status).toBe(303);
    const decision = await api.http.get(`/api/v1/decisions/${mine.payload.decisionId}`).set(await auth('mash_worker'));
    expect(decision.body.status).toBe('final');

    for (const who of ['manager2@mash.localhost', 'auditor']) {
      const web = await signedIn(who);
      const register = await web.get('/mash/manager/overrides');
      expect(register.status).toBe(200);
      expect(register.text).toContain(`Police found the threat was made up ${child.name}.`);
      expect(register.text).toContain('RED child given a lower outcome');
    }
  });

  it('DEC-4: approvals come 50 a page, oldest first, with a link to later ones; a refused answer on a later page shows that page with the error', async () => {
    const ds = api.app.get(DataSource);
    const [requester] = await ds.query(`SELECT id FROM app_user WHERE email = 'worker@mash.localhost'`);
    // 55 requests older than any other in this database: the first page is 50 of them, the next starts with the other 5.
    const ids: string[] = (
      await ds.query(
        `INSERT INTO approval (kind, target_type, target_id, payload, status, requested_by_user_id, requested_at)
         SELECT 'grade_lowering', 'subject_grade', gen_random_uuid(), '{}', 'pending', $1, timestamptz '2001-01-01' + i * interval '1 minute'
           FROM generate_series(1, 55) i ORDER BY i RETURNING id`,
        [requester.id],
      )
    ).map((r: { id: string }) => r.id);
    try {
      const manager = await signedIn('manager2@mash.localhost');
      const first = await manager.get('/mash/manager/approvals');
      const shown = (html: string) => [...html.matchAll(/action="\/mash\/manager\/approvals\/([0-9a-f-]{36})\/approve"/g)].map((m) => m[1]);
      expect(shown(first.text)).toEqual(ids.slice(0, 50));
      const later = laterRequests(first.text)!;
      expect(later).toMatch(/^\/mash\/manager\/approvals\?cursor=/);
      const second = await manager.get(later);
      expect(shown(second.text).slice(0, 5)).toEqual(ids.slice(50));
      // Returning one without a comment shows the error on the page it was on (the form posts the page's cursor back).
      const cursor = /name="cursor" value="([^"]+)"/.exec(second.text)![1];
      const noComment = await manager.post(`/mash/manager/approvals/${ids[52]}/return`, { comments: '', cursor });
      expect(noComment.status).toBe(422);
      expect(errorSummary(noComment.text)).toEqual([{ href: `#comments-${ids[52]}`, text: expect.any(String) }]);
      expect(shown(noComment.text).slice(0, 5)).toEqual(ids.slice(50));
      // A cursor that is not one is refused (400), as the API refuses it, never a 500.
      const forged = await manager.get('/mash/manager/approvals?cursor=not-a-cursor');
      expect(forged.status).toBe(400);
    } finally {
      // Later tests' first page is theirs.
      await ds.query('DELETE FROM approval WHERE id = ANY($1)', [ids]);
    }
  });

  it('WEB-4: the navigation takes a manager to approvals, the override register, challenges and strategy requests; a worker sees none of them', async () => {
    const navLinks = (html: string) => [...(/<nav[^>]*service-navigation[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '').matchAll(/href="([^"]+)"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)/g)].map((m) => [m[1], m[2].trim()]);
    const manager = await signedIn('mash_manager');
    const links = navLinks((await manager.get('/mash')).text);
    const managerPages = [['/mash/manager/approvals', 'Approvals'], ['/mash/manager/overrides', 'Override register'], ['/mash/manager/challenges', 'Challenges'], ['/mash/manager/strategy-requests', 'Strategy requests']];
    expect(links).toEqual(expect.arrayContaining(managerPages));
    for (const [href] of managerPages) expect([href, (await manager.get(href)).status]).toEqual([href, 200]);
    const sw = await signedIn('mash_worker');
    expect(navLinks((await sw.get('/mash')).text).filter(([href]) => href.startsWith('/mash/manager'))).toEqual([]);
    const auditor = await signedIn('auditor');
    expect(navLinks((await auditor.get('/mash/manager/overrides')).text).filter(([href]) => href.startsWith('/mash/manager'))).toEqual([['/mash/manager/overrides', 'Override register']]);
  });

  it('WEB-4 roles: a worker cannot approve, an auditor cannot post, an administrator sees no case page, referrers, police and partners get 404 on a MASH page', async () => {
    const child = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const sw = await signedIn('mash_worker');
    expect((await sw.get('/mash/manager/approvals')).status).toBe(403);
    await sw.get(decisionPath(child));
    expect((await sw.post('/mash/manager/approvals/00000000-0000-4000-8000-000000000000/approve', {})).status).toBe(403);
    const auditor = await signedIn('auditor');
    expect((await auditor.get(decisionPath(child))).status).toBe(403);
    await auditor.get('/mash/manager/overrides');
    expect((await auditor.post(`/mash/contacts/${child.contactId}/checks`, { reason: 'x' })).status).toBe(403);
    expect((await auditor.post('/mash/manager/reassign', {})).status).toBe(403);
    const admin = new WebClient(api);
    await admin.get('/sign-in');
    const { TEST_ADMIN } = await import('../../utils/test-secrets');
    expect((await admin.post('/sign-in', TEST_ADMIN)).status).toBe(303);
    for (const path of [decisionPath(child), `/mash/contacts/${child.contactId}/checks`, `/mash/contacts/${child.contactId}/strategy`, '/mash/manager/overrides']) {
      const res = await admin.get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(child.name);
    }
    for (const who of ['referrer', 'police', 'partner']) {
      const web = await signedIn(who);
      for (const path of [decisionPath(child), `/mash/contacts/${child.contactId}/checks`, '/mash/manager/approvals']) {
        const res = await web.get(path);
        expect(res.status).toBe(404);
        expect(heading(res.text)).toBe('Page not found');
      }
    }
  });

  it('STR-1, STR-3, STR-4: a strategy discussion through the pages: police required to convene, the evidence-to-police guard before an s47 outcome, minutes to every invitee', async () => {
    const child = await gradedChild([{ category: 'injury', description: 'Bruising on the arm' }], 'RED', 'RED.likely-significant-harm', {
      evidence: [{ type: 'photo', heldBy: 'referrer', description: 'Photo of the bruising' }],
    });
    const sw = await signedIn('mash_worker');
    const start = await sw.get(`/mash/contacts/${child.contactId}/strategy`);
    expect(start.status).toBe(200);
    const asked = await sw.post(`/mash/contacts/${child.contactId}/strategy`, { reason: 'Injury to a child', urgency: 'immediate_risk' });
    expect(asked.status).toBe(303);
    const path = asked.headers.location;
    const page = await sw.get(path);
    expect(page.text).toContain('Convene');
    const la = /<input[^>]+value="([0-9a-f-]{36})"[^>]*checked[^>]*>\s*<label[^>]*>\s*Northshire Council/.exec(page.text)?.[1] ?? /value="([0-9a-f-]{36})"[^>]*>\s*<label[^>]*>\s*Northshire Council Children/.exec(page.text)![1];
    const police = /value="([0-9a-f-]{36})"[^>]*>\s*<label[^>]*>\s*Northshire Police/.exec(page.text)![1];
    const chair = /<option value="([0-9a-f-]{36})">Sam Social Worker<\/option>/.exec(page.text)![1];
    const d = new Date(Date.now() + 86_400_000);
    const when = { 'scheduledAt-day': String(d.getUTCDate()), 'scheduledAt-month': String(d.getUTCMonth() + 1), 'scheduledAt-year': String(d.getUTCFullYear()), scheduledTime: '10:00', mode: 'phone', chair };
    const noPolice = await sw.post(`${path}/convene`, { ...when, invitees: la });
    expect(noPolice.status).toBe(422);
    expect(errorSummary(noPolice.text)).toEqual([{ href: '#invitees', text: 'Invite the police: a strategy discussion always includes them' }]);
    const convened = await sw.post(`${path}/convene`, { ...when, invitees: [la, police] } as never);
    expect(convened.status).toBe(303);
    const record = await sw.get(path);
    expect(record.text).toContain('data-qa="evidence-guard"');
    const attendance: Record<string, string> = {};
    for (const m of record.text.matchAll(/name="(attendance-[0-9a-f-]{36})"/g)) attendance[m[1]] = 'attended';
    const s47 = { ...attendance, outcome: 's47_joint', icpcRequired: 'yes', childSeenAlonePlan: 'Social worker and officer see her at school tomorrow.' };
    const unshared = await sw.post(`${path}/record`, s47);
    expect(unshared.status).toBe(422);
    expect(errorSummary(unshared.text)[0]).toEqual({ href: '#evidence', text: expect.stringContaining('Mark every photo, video and message as shared with the police') });
    const evidenceId = /name="shared"[^>]*value="([0-9a-f-]{36})"|value="([0-9a-f-]{36})"[^>]*name="shared"/.exec(record.text)!;
    const id = evidenceId[1] ?? evidenceId[2];
    const held = await sw.post(`${path}/record`, { ...s47, shared: id, [`officer-${id}`]: 'DC Lee 4411' });
    expect(held.status).toBe(303);
    const afterHeld = await sw.get(path);
    expect(afterHeld.text).toContain('Section 47 enquiry, joint with the police');
    expect((await sw.post(`${path}/minutes`, {})).status).toBe(303);
    const sent = await sw.get(path);
    expect(sent.text).toContain('data-qa="minutes"');
    expect((sent.text.match(/<tr class="govuk-table__row">/g) ?? []).length).toBeGreaterThanOrEqual(4); // header + police, children's social care, health
  });

  it('STR-1: a manager declines a strategy request: reason, agencies consulted and an alternative plan are each required', async () => {
    const child = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const req = await api.http.post('/api/v1/strategy-discussions').set(await auth('referrer')).send({ contactId: child.contactId, reason: 'School worry', urgency: 'urgent' });
    expect(req.status).toBe(201);
    const manager = await signedIn('mash_manager');
    const page = await manager.get('/mash/manager/strategy-requests');
    expect(page.text).toContain(`/mash/strategy/${req.body.id}`);
    const empty = await manager.post(`/mash/manager/strategy-requests/${req.body.id}/decline`, {});
    expect(empty.status).toBe(422);
    expect(errorSummary(empty.text).map((e) => e.href)).toEqual([`#reason-${req.body.id}`, `#agenciesConsulted-${req.body.id}`, `#alternativePlan-${req.body.id}`]);
    const police = new RegExp(`id="agenciesConsulted-${req.body.id}(?:-\\d+)?" name="agenciesConsulted" type="checkbox" value="([0-9a-f-]{36})"[^>]*>\\s*<label[^>]*>\\s*Northshire Police`).exec(page.text)![1];
    const ok = await manager.post(`/mash/manager/strategy-requests/${req.body.id}/decline`, { reason: 'No harm suspected after checks', agenciesConsulted: police, alternativePlan: 'Early help offer through the school' });
    expect(ok.status).toBe(303);
    const d = await api.http.get(`/api/v1/strategy-discussions/${req.body.id}`).set(await auth('mash_worker'));
    expect(d.body.status).toBe('declined');
  });

  it('STEP-2: a step-down proposed on the page names each missing field; proposed, it waits for the lead professional with its clock until they accept', async () => {
    const child = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const triage = await api.http.get(`/api/v1/contacts/${child.contactId}/triage`).set(await auth('mash_worker'));
    const personId = triage.body.subjects[0].personId;
    expect(personId).toBeTruthy();
    const sw = await signedIn('mash_worker');
    const form = await sw.get(`/mash/children/${personId}/step-down`);
    expect(form.status).toBe(200);
    const empty = await sw.post(`/mash/children/${personId}/step-down`, {});
    expect(empty.status).toBe(422);
    expect(errorSummary(empty.text).map((e) => e.href)).toEqual(expect.arrayContaining(['#receivingAgencyId', '#riskHandover', '#reviewDate-day']));
    const eh = /<option value="([0-9a-f-]{36})">Northshire Early Help Service<\/option>/.exec(form.text)![1];
    const review = new Date(Date.now() + 30 * 86_400_000);
    const proposed = await sw.post(`/mash/children/${personId}/step-down`, {
      receivingAgencyId: eh, leadName: 'Eli Early Help', leadEmail: 'earlyhelp@mash.localhost', riskHandover: 'Home conditions poor; no injuries.',
      planAction: 'Weekly family support visits', planOwner: 'Family support worker', planSuccess: 'Home safe at review',
      'reviewDate-day': String(review.getUTCDate()), 'reviewDate-month': String(review.getUTCMonth() + 1), 'reviewDate-year': String(review.getUTCFullYear()),
    });
    expect(proposed.status).toBe(303);
    const page = await sw.get(proposed.headers.location);
    expect(page.text).toContain('Waiting for the lead professional to accept');
    expect(page.text).toMatch(/Acceptance due in \d+/);
    const id = proposed.headers.location.split('/').pop();
    expect((await api.http.post(`/api/v1/step-downs/${id}/accept`).set(await auth('earlyhelp@mash.localhost'))).status).toBe(200);
    const accepted = await sw.get(proposed.headers.location);
    expect(accepted.text).toMatch(/data-qa="step-down-status">\s*Accepted\s*</);
    const level = await sw.get(`/mash/children/${personId}/level`);
    expect(level.text).toContain('Early help');
  });

  it('ESC-1, RAG-4: a manager answers a challenge at its stage with its clock shown, and reassigns a contact', async () => {
    const child = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const decided = await api.http.post(`/api/v1/contacts/${child.contactId}/subjects/${child.subjectId}/decision`).set(await auth('mash_worker'))
      .send({ outcome: 'cin_assessment', thresholdLevel: 3, historyReviewed: true, rationale: 'An assessment is needed.' });
    expect(decided.status).toBe(201);
    const raised = await api.http.post('/api/v1/challenges').set(await auth('referrer')).send({ targetType: 'decision', targetId: decided.body.id, reason: `We think a s47 is needed ${child.name}` });
    expect(raised.status).toBe(201);
    const manager = await signedIn('mash_manager');
    const page = await manager.get('/mash/manager/challenges');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`We think a s47 is needed ${child.name}`);
    expect(page.text).toMatch(/Answer due in \d+/);
    const empty = await manager.post(`/mash/manager/challenges/${raised.body.id}`, {});
    expect(empty.status).toBe(422);
    expect(errorSummary(empty.text).map((e) => e.href)).toEqual([`#outcome-${raised.body.id}`, `#reason-${raised.body.id}`]);
    expect((await manager.post(`/mash/manager/challenges/${raised.body.id}`, { outcome: 'not_upheld', reason: 'The assessment will look at this.' })).status).toBe(303);
    const after = await api.http.get(`/api/v1/challenges/${raised.body.id}`).set(await auth('referrer'));
    expect(after.body).toMatchObject({ status: 'resolved', outcome: 'not_upheld' });

    const other = await gradedChild([{ category: 'home_conditions', description: 'Untidy home' }], 'GREEN', 'GREEN.universal-services');
    const form = await manager.get('/mash/manager/reassign');
    const worker = /<option value="([0-9a-f-]{36})">Sam Social Worker<\/option>/.exec(form.text)![1];
    const missing = await manager.post('/mash/manager/reassign', { contactId: other.contactId });
    expect(missing.status).toBe(422);
    expect(errorSummary(missing.text)).toEqual([{ href: '#userId', text: expect.any(String) }]);
    expect((await manager.post('/mash/manager/reassign', { contactId: other.contactId, userId: worker })).status).toBe(303);
    const triage = await api.http.get(`/api/v1/contacts/${other.contactId}/triage`).set(await auth('mash_manager'));
    expect(triage.body.assignedTo.userId).toBe(worker);
  });
});
