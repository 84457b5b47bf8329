import { DataSource, EntityManager } from 'typeorm';
import { ContactEvidence } from '../../src/modules/contacts/persistence/contact-evidence.entity';
import { DECISION_OUTCOMES } from '../../src/modules/decisions/persistence/threshold-decision.entity';
import { FeedbackService } from '../../src/modules/feedback/feedback.service';
import { FeedbackTemplates } from '../../src/modules/feedback/feedback-templates.service';
import { Feedback } from '../../src/modules/feedback/persistence/feedback.entity';
import { OutboxService } from '../../src/queue/outbox.service';
import { randomName } from '../factories/contact-factory';
import { agencyByName, createReferral, insertDecision, uniqueEmail, userByEmail } from '../factories/feedback-factory';
import { startApi, TestApi } from '../utils/test-app';

/**
 * SPEC FB-2, FB-5: every template, rendered from a contact with every field filled in, shows each
 * audience only what it may see. Everything happens in a transaction that is rolled back, so no
 * message is queued.
 */
describe('Feedback templates show each audience only what it may see (SPEC FB-2, FB-5)', () => {
  let api: TestApi;
  let ds: DataSource;
  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
  });
  afterAll(() => api.close());

  class Rollback extends Error {}
  async function inRolledBackTransaction(work: (em: EntityManager) => Promise<void>): Promise<void> {
    await expect(
      ds.transaction(async (em) => {
        await work(em);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  }

  /** A contact with every personal and case field filled with a value that cannot occur by chance. */
  async function fullyPopulated(em: EntityManager, channel: 'professional' | 'public') {
    const v = (label: string) => randomName(label);
    const school = await agencyByName(em, 'Riverside Primary School');
    const referrer = {
      name: v('RefName'),
      role: v('RefRole'),
      organisation: v('RefOrg'),
      phone: `07${Math.floor(1e8 + Math.random() * 9e8)}`,
      email: uniqueEmail('referrer', channel === 'public' ? 'home.localhost' : 'riverside-school.localhost'),
      relationshipToChild: v('RefRel'),
    };
    const created = await createReferral(em, api.app.get(OutboxService), {
      channel,
      referrerType: channel === 'public' ? 'relative' : 'professional',
      submittedByAgencyId: channel === 'public' ? null : school.id,
      referrerHarm: v('Harm'),
      referrerWhatShouldHappen: v('Should'),
      consentReason: v('Consent'),
      acknowledge: false,
      referrer,
      subjects: [
        {
          firstName: v('ChildFirst'), lastName: v('ChildLast'), aliases: [v('ChildAlias')], dateOfBirth: '2017-09-13', nhsNumber: '9434765919',
          addressLine1: v('Street'), addressLine2: v('Area'), town: v('Town'), postcode: 'ZZ9 9ZZ', school: v('SchoolOfChild'), gpPractice: 'Hillview Surgery',
          disability: v('Disability'), communicationNeeds: v('Comms'), firstLanguage: v('Lang'),
        },
      ],
      household: [
        { firstName: v('MumFirst'), lastName: v('MumLast'), aliases: [v('MumAlias')], dateOfBirth: '1990-02-11', relationship: 'mother', unknownReason: null, postcode: 'ZZ1 1ZZ', knownRisks: ['mental_ill_health'] },
        { firstName: v('PartnerFirst'), lastName: v('PartnerLast'), aliases: [], dateOfBirth: '1985-06-30', relationship: 'mothers_partner', sex: 'M', knownRisks: ['violence'] },
      ],
      concerns: [{ category: 'physical_abuse', description: v('ConcernNarrative') }],
    });
    await em.save(em.create(ContactEvidence, { contactId: created.contact.id, position: 0, type: 'photo', heldBy: v('HeldBy'), description: v('EvidenceNarrative') }));
    return { ...created, referrer };
  }

  const texts = (f: Feedback) => [f.emailSubject, f.bodyText, f.bodyHtml].join('\n');
  function expectNone(output: string, values: (string | null | undefined)[], context: string) {
    for (const value of values.filter((x): x is string => !!x)) {
      if (output.toLowerCase().includes(value.toLowerCase())) throw new Error(`${context} shows "${value}"`);
    }
  }

  it('renders every audience and kind for every outcome; public and agency messages carry nothing they may not', async () => {
    const templates = api.app.get(FeedbackTemplates);
    const feedback = api.app.get(FeedbackService);
    const rendered = { professional: 0, public: 0, involved_agency: 0, acknowledgement: 0 };

    await inRolledBackTransaction(async (em) => {
      const worker = await userByEmail(em, 'worker@mash.localhost');
      const police = await agencyByName(em, 'Northshire Police Public Protection Unit');
      const gp = await agencyByName(em, 'Hillview GP Practice');
      const school = await agencyByName(em, 'Riverside Primary School');

      for (const channel of ['professional', 'public'] as const) {
        const c = await fullyPopulated(em, channel);
        const s = c.subjects[0];
        const people = [
          s.firstName, s.lastName, ...s.aliases, s.dateOfBirth, '13 September 2017', s.nhsNumber, s.addressLine1, s.addressLine2, s.town, s.postcode,
          s.school, s.gpPractice, s.disability, s.communicationNeeds, s.firstLanguage,
        ];
        const household = c.household.flatMap((m) => [m.firstName, m.lastName, ...m.aliases, m.dateOfBirth, m.postcode]);
        const referrerIdentity = [c.referrer.name, c.referrer.role, c.referrer.organisation, c.referrer.phone, c.referrer.email, c.referrer.relationshipToChild];
        const caseDetail = [c.concerns[0].description, c.contact.referrerHarm, c.contact.referrerWhatShouldHappen, c.contact.consentReason, 'EvidenceNarrative', 'HeldBy'];
        const agencies = [police.name, police.email, gp.name, gp.email, school.name, school.email];

        const ack = (await feedback.composeAcknowledgement(em, c.contact.id))!;
        const ackText = [ack.message.subject, ack.message.text, ack.message.html].join('\n');
        expect(ack.audience).toBe(channel);
        expect(ackText).toContain(c.contact.reference);
        if (channel === 'public') expectNone(ackText, [...people, ...household, ...referrerIdentity, ...caseDetail, ...agencies], 'public acknowledgement');
        else expectNone(ackText, [...household, ...caseDetail, ...agencies.slice(0, 4)], 'professional acknowledgement');
        rendered.acknowledgement++;

        for (const outcome of DECISION_OUTCOMES) {
          const below = ['nfa', 'advice_signpost', 'early_help'].includes(outcome);
          const reasons = randomName('NotMet');
          const support = [`Family Hub ${randomName('Support')}`];
          const decision = await insertDecision(em, {
            contactId: c.contact.id, subjectId: s.id, outcome, thresholdLevel: below ? 2 : 4, rationale: randomName('Rationale'), decidedByUserId: worker.id,
            reasonsThresholdNotMet: reasons, alternativeSupport: support,
          });
          await feedback.queueOutcomeFeedback(em, { decision, involvedAgencyIds: [police.id] });
          const rows = await em.find(Feedback, { where: { decisionId: decision.id } });
          const referrerRow = rows.find((r) => r.audience !== 'involved_agency')!;
          const agencyRows = rows.filter((r) => r.audience === 'involved_agency');
          const words = templates.settings.outcomes[outcome];
          // One current decision per child (DEC-5 unique index): retire this one before the next outcome.
          await em.query(`UPDATE threshold_decision SET status = 'superseded', superseded_by_id = gen_random_uuid(), superseded_at = now() WHERE id = $1`, [decision.id]);

          // The referrer: the template of their audience, and only that.
          expect(referrerRow.audience).toBe(channel);
          const out = texts(referrerRow);
          if (channel === 'public') {
            expect(out).toContain(words.public);
            expect(out).toContain(templates.settings.confidentialityStatement);
            expectNone(out, [...people, ...household, ...referrerIdentity, ...caseDetail, ...agencies, decision.rationale, reasons, ...support, words.label, templates.settings.team.contactName], `public ${outcome}`);
            rendered.public++;
          } else {
            expect(out).toContain(words.label);
            expect(out).toContain(templates.settings.thresholdLevels[String(decision.thresholdLevel)]);
            expect(out).toContain(below ? reasons : decision.rationale);
            expect(out).toContain(support[0]);
            expect(out).toContain(templates.settings.team.contactName);
            expect(out).toContain(templates.settings.challenge.url);
            expect(out).toContain(templates.settings.challenge.version);
            expectNone(out, [...household, ...caseDetail, police.name, police.email, gp.name, gp.email], `professional ${outcome}`);
            rendered.professional++;
          }

          // Involved agencies (FB-3): the police (gave checks) and the GP (matched by practice name).
          expect(agencyRows.map((r) => r.recipientAgencyId).sort()).toEqual([police.id, gp.id].sort());
          for (const row of agencyRows) {
            const text = texts(row);
            const self = row.recipientAgencyId === gp.id ? gp : police;
            const other = self === gp ? police : gp;
            expect(text).toContain(words.label);
            expect(text).toContain(`${s.firstName} ${s.lastName}`);
            expect(text).toContain(templates.settings.team.contactName);
            expect(text).toContain(templates.settings.challenge.url);
            expectNone(text, [...referrerIdentity, ...household, ...caseDetail, decision.rationale, reasons, school.name, other.name, other.email], `${self.name} ${outcome}`);
            rendered.involved_agency++;
          }
        }
      }
    });
    expect(rendered).toEqual({ professional: DECISION_OUTCOMES.length, public: DECISION_OUTCOMES.length, involved_agency: 4 * DECISION_OUTCOMES.length, acknowledgement: 2 });
  });
});
