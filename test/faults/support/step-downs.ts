import type { Client } from 'pg';
import { variedContact } from '../../factories/contact-bodies';
import { call, login } from './http';

/**
 * A contact about a child with a GP and a school, and a step-down of that child to early help,
 * proposed and not yet accepted: accepting it sends the notices (GP, school, referrer), written
 * together. Returns the step-down's id.
 */
export async function proposedStepDown(port: number, db: Client): Promise<string> {
  const body = variedContact();
  body.subjects[0] = { ...body.subjects[0], gpPractice: 'Hillview Surgery', school: 'Riverside Primary School' } as (typeof body.subjects)[0];
  const contact = await call(port, 'POST', '/api/v1/contacts', { token: await login(port, 'referrer'), body });
  expect(contact.status).toBe(201);
  const contactId = (contact.body as { id: string }).id;
  const { rows: [subject] } = await db.query('SELECT id FROM contact_subject WHERE contact_id = $1', [contactId]);
  const { rows: [eh] } = await db.query(`SELECT id, agency_id FROM app_user WHERE email = 'earlyhelp@mash.localhost'`);
  const proposed = await call(port, 'POST', '/api/v1/step-downs', {
    token: await login(port, 'mash_worker'),
    body: { subjectId: subject.id, receivingAgencyId: eh.agency_id, leadProfessional: { userId: eh.id }, riskHandover: 'Handover', reviewDate: '2027-01-15', plan: { actions: [{ action: 'Visit', owner: 'EH', successCriteria: 'Seen' }] } },
  });
  expect(proposed.status).toBe(201);
  return (proposed.body as { id: string }).id;
}

/** Accepts the step-down as its lead professional, which sends its notices. */
export async function acceptStepDown(port: number, stepDownId: string): Promise<void> {
  const accepted = await call(port, 'POST', `/api/v1/step-downs/${stepDownId}/accept`, { token: await login(port, 'earlyhelp@mash.localhost') });
  expect(accepted.status).toBe(200);
}
