import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkingCalendar } from '../../src/modules/calendar/domain/working-calendar';
import { workingDaysAfter } from '../../src/modules/strategy/domain/working-days';
import { StrategyQueriesService } from '../../src/modules/strategy/strategy-queries.service';
import { dateFromToday, tag } from '../factories/contact-bodies';
import { policeNotification, StrategyCast, strategyCast, submitContact } from '../factories/strategy-factory';
import { SmtpCapture } from '../utils/smtp-capture';
import { startApi, startWorker, TestApi, waitFor } from '../utils/test-app';

/**
 * Strategy discussions through HTTP (SPEC §7, issue #7): police request, MASH convenes or a manager
 * declines, the chair records, minutes go by e-mail (real SMTP in this process) to every invitee.
 */
describe('Strategy discussions (SPEC STR-1..STR-4)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let smtp: SmtpCapture;
  let ds: DataSource;
  let cast: StrategyCast;
  const previousSmtp = process.env.SMTP_URL;

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    process.env.SMTP_URL = smtp.url;
    api = await startApi();
    worker = await startWorker();
    ds = api.app.get(DataSource);
    cast = await strategyCast(ds);
  });

  afterAll(async () => {
    // Leave nothing in flight for the next test file's worker: our mail, and the contacts' acknowledgements.
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM strategy_message WHERE status IN ('pending', 'sending')`))[0].n === 0, 20_000, 'strategy mail to settle').catch(() => undefined);
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM outbound_message WHERE about_type = 'feedback' AND status IN ('pending', 'sending')`))[0].n === 0, 20_000, 'acknowledgements to settle').catch(() => undefined);
    await worker?.close();
    await api?.close();
    await smtp?.close();
    process.env.SMTP_URL = previousSmtp;
  });

  const as = async (who: string) => `Bearer ${await api.tokenFor(who)}`;
  const post = async (who: string, path: string, body: object = {}) => api.http.post(`/api/v1/strategy-discussions${path}`).set('Authorization', await as(who)).send(body);
  const get = async (who: string, path: string) => api.http.get(`/api/v1/strategy-discussions${path}`).set('Authorization', await as(who));

  /** A police request for a new police notification's child. */
  async function policeRequest(extra: Record<string, unknown> = {}) {
    const contact = await submitContact(api, ds, 'police', policeNotification(tag(), extra));
    const res = await post('police', '', { contactId: contact.contactId, reason: 'Kidnap threats by the father', urgency: 'urgent' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('requested');
    return { ...contact, id: res.body.id as string };
  }

  const standardInvitees = () => [
    { agencyId: cast.police.id, userId: cast.pat.id },
    { agencyId: cast.csc.id },
    { agencyId: cast.hv.id, userId: cast.helen.id },
  ];
  const convene = async (id: string, invitees: object[] = standardInvitees()) =>
    post('mash_worker', `/${id}/convene`, { scheduledAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'video', chair: cast.sam.id, invitees });

  it('police request -> MASH convenes -> chair records s47_joint with ICPC and two actions -> minutes reach every invitee, the absent health visitor too -> police see them; an uninvited partner gets 404', async () => {
    const r = await policeRequest();

    const convened = await convene(r.id);
    expect(convened.status).toBe(200);
    expect(convened.body.status).toBe('convened');
    const invitees: { id: string; agencyId: string; userId: string | null; inviteReason: string }[] = convened.body.invitees;
    // The GP practice named on the contact ("Hillview Surgery") is invited as the Hillview GP Practice agency.
    expect(invitees.find((i) => i.agencyId === cast.gp.id)?.inviteReason).toBe('gp_practice');
    expect(invitees).toHaveLength(4);
    const by = (agencyId: string) => invitees.find((i) => i.agencyId === agencyId)!;

    const photo = r.evidence.find((e) => e.type === 'photo')!;
    const message = r.evidence.find((e) => e.type === 'message')!;
    const heldAt = new Date(Date.now() - 60_000).toISOString();
    const recorded = await post('mash_worker', `/${r.id}/record`, {
      heldAt,
      attendance: [
        { inviteeId: by(cast.police.id).id, status: 'attended' },
        { inviteeId: by(cast.csc.id).id, status: 'attended' },
        { inviteeId: by(cast.hv.id).id, status: 'absent' },
        { inviteeId: by(cast.gp.id).id, status: 'written_contribution' },
      ],
      informationShared: 'Police shared the threats; school nurse photo discussed',
      evidenceShared: [
        { evidenceId: photo.id, sharedWithPoliceAt: heldAt, sharedWithPoliceBy: 'DC Rao 4411' },
        { evidenceId: message.id, sharedWithPoliceAt: heldAt, sharedWithPoliceBy: 'DC Rao 4411' },
      ],
      views: [
        { agencyId: cast.police.id, view: 'Joint enquiry needed' },
        { agencyId: cast.gp.id, view: 'No concerns at last visit', dissent: 'Would prefer a single-agency enquiry' },
      ],
      outcome: 's47_joint',
      icpcRequired: true,
      actions: [
        { description: 'Joint visit to see the child', ownerAgencyId: cast.police.id, ownerName: 'DC Rao', dueDate: dateFromToday({ days: 1 }) },
        { description: 'Book the ICPC', ownerUserId: cast.sam.id, ownerName: 'Sam Social Worker', dueDate: dateFromToday({ days: 5 }) },
      ],
      childSeenAlonePlan: 'Seen alone at school tomorrow by the social worker',
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.status).toBe('held');
    expect(recorded.body.record.outcome).toBe('s47_joint');
    expect(recorded.body.record.actions).toHaveLength(2);
    expect(recorded.body.record.evidence.every((e: { sharedWithPoliceBy: string }) => e.sharedWithPoliceBy === 'DC Rao 4411')).toBe(true);
    const icpc: string = recorded.body.record.icpcDueDate;
    expect(icpc).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // 15 working days: at least 19 calendar days (held on a Saturday, due the third Friday), never on a weekend.
    expect(Date.parse(icpc) - Date.parse(heldAt.slice(0, 10))).toBeGreaterThanOrEqual(19 * 86_400_000);
    expect([0, 6]).not.toContain(new Date(`${icpc}T12:00:00Z`).getUTCDay());

    // On the England and Wales calendar of config/ (bank holidays included), with the ICPC clock due that day at close.
    const calendar = api.app.get(WorkingCalendar);
    expect(icpc).toBe(workingDaysAfter(calendar.localDate(new Date(heldAt)), 15, (d) => calendar.isWorkingDay(d)));
    const clocks = async () => Object.fromEntries((await ds.query(`SELECT kind, due_at, met_at FROM sla_clock WHERE target_type = 'strategy_discussion' AND target_id = $1`, [r.id])).map((c: { kind: string }) => [c.kind, c]));
    const afterRecord = await clocks();
    expect(afterRecord.police_strategy_request_answered.met_at).toBeInstanceOf(Date);
    expect(afterRecord.minutes_distributed.met_at).toBeNull();
    expect(calendar.localDate(afterRecord.icpc_due.due_at)).toBe(icpc);

    // Before distribution the police see the discussion but no minutes.
    expect((await get('police', `/${r.id}`)).body.minutes).toBeNull();

    const distributed = await post('mash_worker', `/${r.id}/minutes/distribute`);
    expect(distributed.status).toBe(200);
    expect(distributed.body.recipients).toHaveLength(4);
    expect((await clocks()).minutes_distributed.met_at).toBeInstanceOf(Date);
    const addresses = ['police@mash.localhost', 'partner@mash.localhost', cast.csc.email, cast.gp.email];
    await waitFor(async () => addresses.every((a) => smtp.to(a).some((m) => m.headers['x-mash-strategy-discussion-id'] === r.id)), 20_000, 'minutes to every invitee');
    const toHelen = smtp.to('partner@mash.localhost').find((m) => m.headers['x-mash-strategy-discussion-id'] === r.id)!;
    expect(toHelen.text).toContain('Northshire Health Visiting Team');
    expect(toHelen.text).toMatch(/Health Visiting Team.*: absent/);
    expect(toHelen.html).toContain('Strategy discussion minutes');
    const rows = await waitFor(async () => {
      const sent = await ds.query(`SELECT status, sent_at FROM strategy_message WHERE discussion_id = $1 AND kind = 'minutes'`, [r.id]);
      return sent.length === 4 && sent.every((m: { status: string; sent_at: Date | null }) => m.status === 'sent' && m.sent_at) ? sent : null;
    }, 20_000, 'a sent time per recipient');
    expect(rows).toHaveLength(4);

    // Distributing again sends nothing twice.
    const again = await post('mash_worker', `/${r.id}/minutes/distribute`);
    expect(again.status).toBe(200);
    expect((await ds.query(`SELECT count(*)::int AS n FROM strategy_message WHERE discussion_id = $1`, [r.id]))[0].n).toBe(4);

    const seen = await get('police', `/${r.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.minutes.text).toContain('Section 47 enquiry: joint');
    expect(seen.body.minutes.text).toContain('Book the ICPC');
    expect(seen.body.minutes.text).toContain(`due by ${icpc}`);
    // Nothing else of the case: no contact, no record, no recipients' addresses.
    expect(seen.body).not.toHaveProperty('contactId');
    expect(seen.body).not.toHaveProperty('record');
    expect(JSON.stringify(seen.body)).not.toContain('@');
    expect((await get('police', '?mine=true')).body.items.map((i: { id: string }) => i.id)).toContain(r.id);

    expect((await get('earlyhelp@mash.localhost', `/${r.id}`)).status).toBe(404);
    expect((await get('earlyhelp@mash.localhost', '?mine=true')).body.items.map((i: { id: string }) => i.id)).not.toContain(r.id);
    // The GP (invited) can read it; the partner the staff see in full, with each recipient's sent time.
    expect((await get('gp@mash.localhost', `/${r.id}`)).status).toBe(200);
    const full = await get('mash_worker', `/${r.id}`);
    expect(full.body.minutes.recipients.every((m: { sentAt: string | null }) => m.sentAt)).toBe(true);

    // Actions move on after the meeting.
    const bookIcpc = full.body.record.actions.find((a: { description: string }) => a.description === 'Book the ICPC');
    const done = await post('mash_worker', `/${r.id}/actions/${bookIcpc.id}/status`, { status: 'done' });
    expect(done.status).toBe(200);
    expect((await get('mash_worker', `/${r.id}`)).body.record.actions.map((a: { status: string }) => a.status)).toEqual(['open', 'done']);
    const audit = await ds.query(`SELECT action FROM audit_event WHERE entity_type = 'strategy_discussion' AND entity_id = $1`, [r.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['strategy.requested', 'strategy.convened', 'strategy.recorded', 'strategy.minutes_distributed', 'strategy.message_sent', 'strategy.action_status_changed', 'strategy_discussion.read']),
    );
  });

  it('an invitee can say the minutes did not reach them; it is counted for the dashboard; someone not invited gets 404', async () => {
    const r = await policeRequest();
    expect((await convene(r.id)).status).toBe(200);
    const queries = api.app.get(StrategyQueriesService);
    const before = await queries.minutesNotReceivedCount();
    const res = await post('partner', `/${r.id}/minutes/not-received`, { note: 'Nothing in our inbox' });
    expect(res.status).toBe(201);
    expect(await queries.minutesNotReceivedCount()).toBe(before + 1);
    expect((await post('earlyhelp@mash.localhost', `/${r.id}/minutes/not-received`)).status).toBe(404);
    const audit = await ds.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY occurred_at`, [r.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['strategy.requested', 'strategy.convened', 'strategy.minutes_not_received']));
  });

  it('setting s47_single_agency while a photo is not marked shared with police: 422 STR-3.evidence-not-shared, and nothing is saved (Q 8.11)', async () => {
    const r = await policeRequest();
    const invitees = (await convene(r.id)).body.invitees as { id: string }[];
    const res = await post('mash_worker', `/${r.id}/record`, {
      attendance: invitees.map((i) => ({ inviteeId: i.id, status: 'attended' })),
      evidenceShared: [{ evidenceId: r.evidence.find((e) => e.type === 'message')!.id, sharedWithPoliceAt: new Date().toISOString(), sharedWithPoliceBy: 'DC Rao' }],
      outcome: 's47_single_agency',
      icpcRequired: false,
      childSeenAlonePlan: 'At school',
    });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'evidenceShared', rule: 'STR-3.evidence-not-shared' })]);
    expect(res.body.details[0].message).toContain('photo');
    const [d] = await ds.query(`SELECT status FROM strategy_discussion WHERE id = $1`, [r.id]);
    expect(d.status).toBe('convened');
    const shared = await ds.query(`SELECT count(*)::int AS n FROM contact_evidence WHERE contact_id = $1 AND shared_with_police_at IS NOT NULL`, [r.contactId]);
    expect(shared[0].n).toBe(0);
  });

  it('declining: a worker 403; a manager without an alternative plan 422; with it the requester sees the decline, its reason and the challenge route, and is e-mailed at once', async () => {
    const r = await policeRequest();
    const body = { reason: 'Threshold for s47 not met on current information', agenciesConsulted: [cast.police.id, cast.school.id], alternativePlan: 'Child and family assessment within 10 working days' };
    expect((await post('mash_worker', `/${r.id}/decline`, body)).status).toBe(403);
    const noPlan = await post('mash_manager', `/${r.id}/decline`, { ...body, alternativePlan: undefined });
    expect(noPlan.status).toBe(422);
    expect(noPlan.body.details.map((d: { rule: string }) => d.rule)).toEqual(['STR-1.decline-needs-alternative-plan']);
    const noAgencies = await post('mash_manager', `/${r.id}/decline`, { ...body, agenciesConsulted: [] });
    expect(noAgencies.body.details.map((d: { rule: string }) => d.rule)).toEqual(['STR-1.decline-needs-agencies-consulted']);

    const declined = await post('mash_manager', `/${r.id}/decline`, body);
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');

    const seen = await get('police', `/${r.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.decline.reason).toBe(body.reason);
    expect(seen.body.decline.alternativePlan).toBe(body.alternativePlan);
    expect(seen.body.decline.agenciesConsulted.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['Riverside Primary School']));
    expect(seen.body.decline.challengeRoute.url).toMatch(/^https:\/\//);

    const mail = await waitFor(async () => smtp.to('police@mash.localhost').find((m) => m.headers['x-mash-strategy-discussion-id'] === r.id), 20_000, 'the decline e-mail');
    expect(mail.subject).toContain('declined');
    expect(mail.text).toContain(body.reason);
    expect(mail.text).toContain(seen.body.decline.challengeRoute.url);
    // Declined is final for this request: it cannot then be convened.
    expect((await convene(r.id)).status).toBe(409);
  });

  it('"apologies" for someone never invited: 422 STR-3.apologies-not-invited (Q 12.1)', async () => {
    const r = await policeRequest();
    const invitees = (await convene(r.id)).body.invitees as { id: string }[];
    const res = await post('mash_worker', `/${r.id}/record`, {
      attendance: [...invitees.map((i) => ({ inviteeId: i.id, status: 'attended' })), { agencyId: cast.school.id, name: 'Head teacher', status: 'apologies' }],
      outcome: 'no_s47_cin_assessment',
      icpcRequired: false,
    });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'attendance[4].status', rule: 'STR-3.apologies-not-invited' })]);
  });

  it('convening without the police: 422 STR-3.required-invitees; health is invited by default', async () => {
    const r = await policeRequest({ subjects: [{ firstName: `Noa${tag()}`, lastName: 'Strat', dateOfBirth: dateFromToday({ years: -4 }), sex: 'M' }] });
    const res = await convene(r.id, [{ agencyId: cast.csc.id }]);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'invitees', rule: 'STR-3.required-invitees' })]);
    const ok = await convene(r.id, [{ agencyId: cast.csc.id }, { agencyId: cast.police.id }]);
    expect(ok.status).toBe(200);
    expect(ok.body.invitees.find((i: { inviteReason: string }) => i.inviteReason === 'default_health').agencyType).toBe('health_visitor');
  });

  it('a reconvened discussion starts with the previous summary and distribution list (STR-4)', async () => {
    const r = await policeRequest();
    const invitees = (await convene(r.id)).body.invitees as { id: string; agencyId: string }[];
    const held = await post('mash_worker', `/${r.id}/record`, {
      attendance: invitees.map((i) => ({ inviteeId: i.id, status: 'attended' })),
      outcome: 'no_s47_cin_assessment',
      icpcRequired: false,
      actions: [{ description: 'Assessment visit', ownerName: 'Sam', dueDate: dateFromToday({ days: 3 }) }],
    });
    expect(held.status).toBe(200);
    const again = await post('mash_worker', `/${r.id}/reconvene`, { scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), mode: 'in_person', chair: cast.morgan.id });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(r.id);
    expect(again.body.previousDiscussionId).toBe(r.id);
    expect(again.body.previousSummary).toContain('Assessment visit');
    expect(again.body.invitees.map((i: { agencyId: string }) => i.agencyId).sort()).toEqual(invitees.map((i) => i.agencyId).sort());
    expect(again.body.invitees.every((i: { inviteReason: string; attendance: string | null }) => i.inviteReason === 'carried_forward' && i.attendance === null)).toBe(true);
    // "Convene" on a held discussion reconvenes it the same way, with anyone newly named added to the list.
    const viaConvene = await convene(r.id, [{ agencyId: cast.school.id }]);
    expect(viaConvene.status).toBe(201);
    expect(viaConvene.body.previousDiscussionId).toBe(r.id);
    expect(viaConvene.body.invitees.map((i: { agencyId: string }) => i.agencyId)).toEqual(expect.arrayContaining([cast.school.id, cast.police.id, cast.csc.id]));
    // A convened (not yet held) discussion cannot be recorded twice or convened again.
    expect((await convene(again.body.id)).status).toBe(409);
  });

  it('a referrer cannot request for a contact that is not theirs (404), and bad input is a 400 naming the field', async () => {
    const theirs = await submitContact(api, ds, 'police', policeNotification());
    expect((await post('referrer', '', { contactId: theirs.contactId, reason: 'x', urgency: 'urgent' })).status).toBe(404);
    const bad = await post('police', '', { contactId: theirs.contactId, reason: 'x', urgency: 'whenever' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('urgency');
  });
});
