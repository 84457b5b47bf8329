import { ReferralDraft, professionalBody, publicBody } from './draft';

const base: ReferralDraft = {
  concern: { description: 'Shouting at night', category: 'other', incidentDate: { day: '', month: '', year: '' } },
  children: [{ firstName: '', lastName: '', description: 'A boy of about 6', addressLine1: '', postcode: 'NS1 1AA', school: '' }],
  adults: [{ firstName: 'Dan', lastName: '', relationship: 'mothers_partner', resident: 'yes', unknownReason: '' }],
};

describe('referral answers to the API body', () => {
  it('a public referral is anonymous unless the person chose to say who they are', () => {
    expect(publicBody(base)).toMatchObject({ anonymous: true, referrer: null });
    const named = publicBody({ ...base, aboutYou: { tellUs: 'yes', name: 'Amy', phone: '', email: '', relationship: 'self' } });
    expect(named).toMatchObject({ anonymous: false, referrer: { name: 'Amy', phone: null, email: null, relationship: 'self' } });
    expect(named.subjects).toEqual([{ firstName: null, lastName: null, dateOfBirth: null, description: 'A boy of about 6', address: { line1: null, postcode: 'NS1 1AA' }, school: null }]);
    expect(named.household).toEqual([{ firstName: 'Dan', lastName: null, relationship: 'mothers_partner', resident: true, unknownReason: null }]);
    expect(named.concerns).toEqual([{ category: 'other', description: 'Shouting at night', incidentDate: null }]);
  });

  it('a professional referral carries the referrer view, consent with its reason, and evidence only when a type was chosen', () => {
    const body = professionalBody({
      ...base, view: { isChildProtection: 'yes', harm: 'Bruising', whatShouldHappen: '', urgency: 'urgent' }, consent: { status: 'not_sought_risk', reason: 'Would increase risk' },
      evidence: { type: '', heldBy: '', description: '' },
    });
    expect(body.referrerView).toEqual({ isChildProtection: true, harm: 'Bruising', whatShouldHappen: null, urgency: 'urgent' });
    expect(body.consent).toEqual({ status: 'not_sought_risk', reason: 'Would increase risk' });
    expect(body.evidence).toEqual([]);
    expect(professionalBody({ ...base }).consent).toBeNull(); // never required (INT-6)
  });
});
