import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../src/auth/actor';
import { DecisionContributions } from '../../src/modules/decisions/decision-contributions';
import { createContact, ContactSeed } from '../factories/contact-factory';
import { insertDecision } from '../factories/feedback-factory';
import { startApi, TestApi } from '../utils/test-app';

/**
 * STR-2 as a decision guard, and a strategy_discussion decision creating a request, through the
 * decisions module's extension points (the same calls DecisionsService makes in its transaction).
 */
describe('Strategy discussions and threshold decisions (SPEC STR-1, STR-2)', () => {
  let api: TestApi;
  let ds: DataSource;
  let ext: DecisionContributions;
  let sam: { id: string; agency_id: string };

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    ext = api.app.get(DecisionContributions);
    [sam] = await ds.query(`SELECT id, agency_id FROM app_user WHERE email = 'worker@mash.localhost'`);
  });
  afterAll(() => api?.close());

  const child = async (seed: ContactSeed) => {
    const c = await createContact(ds, seed);
    return { contactId: c.contact.id, subjectId: c.subjects[0].id, personId: c.subjects[0].personId };
  };
  const rules = async (ids: { contactId: string; subjectId: string }, outcome = 'cin_assessment') =>
    (await ds.transaction((em) => ext.findings(em, { ...ids, outcome: outcome as never, thresholdLevel: 3 }))).map((f) => f.rule).filter((r) => r.startsWith('STR-2.'));

  it.each([
    ['sexual abuse named by the referrer', 'STR-2.sexual-abuse-or-exploitation', { concerns: [{ category: 'sexual_abuse' }] }],
    ['exploitation (CSE/CCE)', 'STR-2.sexual-abuse-or-exploitation', { concerns: [{ category: 'cse_cce' }] }],
    ['police and social care at the same incident (joint incident)', 'STR-2.joint-incident', { channel: 'police_notification', referrerType: 'police', socialCareAttended: true, concerns: [{ category: 'da_incident' }] }],
  ] as const)('%s: a lower outcome is refused with %s', async (_what, rule, seed) => {
    const ids = await child(seed as unknown as ContactSeed);
    expect(await rules(ids)).toEqual([rule]);
    expect(await rules(ids, 'nfa')).toEqual([rule]);
    expect(await rules(ids, 'strategy_discussion')).toEqual([]);
    expect(await rules(ids, 'immediate_protection')).toEqual([]);
  });

  it('a DA incident reported by a school is not a joint incident; a police DA notification alone is not either; a neglect concern needs nothing', async () => {
    expect(await rules(await child({ channel: 'police_notification', referrerType: 'police', concerns: [{ category: 'da_incident' }] }))).toEqual([]);
    expect(await rules(await child({ channel: 'police_notification', referrerType: 'police', socialCareAttended: false, concerns: [{ category: 'da_incident' }] }))).toEqual([]);
    expect(await rules(await child({ concerns: [{ category: 'da_incident' }] }))).toEqual([]);
    expect(await rules(await child({ concerns: [{ category: 'neglect_indicator' }] }))).toEqual([]);
  });

  it('a child on a child protection plan (latest transition to child_protection) needs one; a plan that ended does not', async () => {
    const personId = randomUUID();
    const ids = await child({ subjects: [{ personId }], concerns: [{ category: 'injury' }] });
    const transition = (to: string, from: string | null, daysAgo: number) =>
      ds.query(`INSERT INTO child_status_transition (person_id, from_level, to_level, effective_at, source) VALUES ($1, $2, $3, now() - make_interval(days => $4), 'external')`, [personId, from, to, daysAgo]);
    await transition('child_protection', 'child_in_need', 40);
    expect(await rules(ids)).toEqual(['STR-2.cp-plan-allegation']);
    await transition('child_in_need', 'child_protection', 1);
    expect(await rules(ids)).toEqual([]);
  });

  it('once a strategy discussion for the child is held (with an outcome), the lower outcome is allowed', async () => {
    const ids = await child({ concerns: [{ category: 'sexual_abuse' }] });
    await ds.query(
      `INSERT INTO strategy_discussion (contact_id, subject_id, status, reason, urgency, requested_at, requested_by_role) VALUES ($1, $2, 'convened', 'r', 'urgent', now(), 'mash_worker')`,
      [ids.contactId, ids.subjectId],
    );
    expect(await rules(ids)).toEqual(['STR-2.sexual-abuse-or-exploitation']);
    await ds.query(`UPDATE strategy_discussion SET status = 'held', held_at = now(), outcome = 'no_s47_cin_assessment' WHERE subject_id = $1`, [ids.subjectId]);
    expect(await rules(ids)).toEqual([]);
  });

  it('a final strategy_discussion decision creates one request in its transaction (not a second one for the same child)', async () => {
    const ids = await child({ concerns: [{ category: 'injury' }] });
    const actor: Actor = { userId: sam.id, role: 'mash_worker', agencyId: sam.agency_id, requestId: null, ip: null };
    const decision = await ds.transaction(async (em) => {
      const d = await insertDecision(em, { ...ids, outcome: 'strategy_discussion', thresholdLevel: 4, rationale: 'r', decidedByUserId: sam.id });
      await ext.runOnFinal(em, d, actor);
      await ext.runOnFinal(em, d, actor);
      return d;
    });
    const rows = await ds.query(`SELECT status, decision_id, requested_by_user_id FROM strategy_discussion WHERE subject_id = $1`, [ids.subjectId]);
    expect(rows).toEqual([{ status: 'requested', decision_id: decision.id, requested_by_user_id: sam.id }]);
    const audit = await ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'strategy.requested' AND summary->>'decisionId' = $1`, [decision.id]);
    expect(audit[0].n).toBe(1);
    // Any other outcome makes no request.
    const other = await child({});
    await ds.transaction(async (em) => ext.runOnFinal(em, await insertDecision(em, { ...other, outcome: 'cin_assessment', thresholdLevel: 3, rationale: 'r', decidedByUserId: sam.id }), actor));
    expect(await ds.query(`SELECT 1 FROM strategy_discussion WHERE subject_id = $1`, [other.subjectId])).toEqual([]);
  });
});
