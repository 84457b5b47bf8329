import { DataSource } from 'typeorm';
import { tag, dateFromToday } from './contact-bodies';
import type { TestApi } from '../utils/test-app';

/** Demo agencies and users the strategy tests invite (src/seed/demo-data.ts). */
export async function strategyCast(ds: DataSource) {
  const agency = async (type: string, name?: string) =>
    (await ds.query(`SELECT id, email FROM agency WHERE type = $1 ${name ? 'AND name = $2' : ''} ORDER BY created_at LIMIT 1`, name ? [type, name] : [type]))[0] as { id: string; email: string };
  const user = async (email: string) => (await ds.query(`SELECT id, agency_id AS "agencyId", email FROM app_user WHERE email = $1`, [email]))[0] as { id: string; agencyId: string; email: string };
  return {
    police: await agency('police', 'Northshire Police Public Protection Unit'),
    csc: await agency('la_childrens_social_care', "Northshire Council Children's Services (MASH)"),
    hv: await agency('health_visitor', 'Northshire Health Visiting Team'),
    gp: await agency('health_gp', 'Hillview GP Practice'),
    school: await agency('school', 'Riverside Primary School'),
    eh: await agency('early_help', 'Northshire Early Help Service'),
    pat: await user('police@mash.localhost'),
    helen: await user('partner@mash.localhost'),
    sam: await user('worker@mash.localhost'),
    morgan: await user('manager@mash.localhost'),
  };
}
export type StrategyCast = Awaited<ReturnType<typeof strategyCast>>;

/** A police notification with a photo and a message held by police, for one child whose GP is Hillview. */
export function policeNotification(t = tag(), extra: Record<string, unknown> = {}) {
  return {
    channel: 'police_notification',
    subjects: [{ firstName: `Zoe${t}`, lastName: `Strat${t}`, dateOfBirth: dateFromToday({ years: -6 }), sex: 'F', gpPractice: 'Hillview Surgery' }],
    concerns: [{ category: 'threat_to_harm_or_kill', description: `Father threatened to take the child abroad (${t})` }],
    evidence: [
      { type: 'photo', heldBy: 'police', description: 'Photo of a bruise on the forearm' },
      { type: 'message', heldBy: 'mother', description: 'Text messages with the threats' },
    ],
    ...extra,
  };
}

/** Submits a contact as `who` and returns its id, subject id and evidence ids. */
export async function submitContact(api: TestApi, ds: DataSource, who: string, body: object) {
  const res = await api.http.post('/api/v1/contacts').set('Authorization', `Bearer ${await api.tokenFor(who)}`).send(body);
  if (res.status !== 201) throw new Error(`contact not created: ${res.status} ${JSON.stringify(res.body)}`);
  const subjects: { id: string }[] = await ds.query(`SELECT id FROM contact_subject WHERE contact_id = $1 ORDER BY position`, [res.body.id]);
  const evidence: { id: string; type: string }[] = await ds.query(`SELECT id, type FROM contact_evidence WHERE contact_id = $1 ORDER BY position`, [res.body.id]);
  return { contactId: res.body.id as string, subjectId: subjects[0].id, evidence };
}
