'use strict';
/**
 * A year of a MASH's work for the managers' dashboard (SPEC MGT-2, PERF-8), written set-based in
 * one transaction (INSERT ... SELECT generate_series), as the workers would have left it:
 *   - CONTACTS contacts spread evenly over the past 365 days, one child each, referrer types in
 *     rough MASH proportions (professional 45%, police 25%, partner 15%, neighbour 10%, anonymous 5%);
 *   - the children are CONTACTS * 0.7 persons, so about one contact in three is a re-contact of a
 *     child seen before (the re-contact-after-NFA figures have something to count);
 *   - a grade per child (RED 10%, AMBER 35%, GREEN 55%) and the contact's triage row;
 *   - contacts of the last 3 days still open (triaged or in progress, assigned to the MASH workers),
 *     every older one decided: one final threshold decision per child, outcomes NFA 30%, advice and
 *     signposting 25%, early help 20%, CIN assessment 15%, strategy discussion 7%, existing case 2%,
 *     immediate protection 1%; decided within hours for RED, about a day for AMBER, two for GREEN;
 *     3% with an overridden rule;
 *   - a decision clock per contact (met when decided, running when open) and a feedback clock per
 *     decision (met within a day, 3% still running past due).
 * Ids, references and names are recognisable as the bench's (MASH-YEAR-...).
 */
function yearOfDataSql(contacts) {
  const persons = Math.max(1, Math.round(contacts * 0.7));
  const cid = (g) => `('00000000-0000-4000-b000-' || lpad(to_hex(${g}), 12, '0'))::uuid`;
  // A stable pseudo-random number in [0, 100) per contact and purpose.
  const pct = (g, salt) => `(abs(hashtext(${g}::text || '${salt}')) % 100)`;
  return `
    INSERT INTO person (id, kind, first_name, last_name, date_of_birth, sex)
      SELECT ('00000000-0000-4000-c000-' || lpad(to_hex(p), 12, '0'))::uuid, 'child', 'Year', 'Child' || p, date '2009-01-01' + (p % 6200), (ARRAY['F','M'])[1 + p % 2]
        FROM generate_series(1, ${persons}) p;
    CREATE TEMP TABLE year_contact ON COMMIT DROP AS
      SELECT g, ${cid('g')} AS id, now() - (g::float8 / ${contacts}) * interval '365 days' AS received_at,
             CASE WHEN ${pct('g', 'ref')} < 45 THEN 'professional' WHEN ${pct('g', 'ref')} < 70 THEN 'police' WHEN ${pct('g', 'ref')} < 85 THEN 'partner'
                  WHEN ${pct('g', 'ref')} < 95 THEN 'neighbour' ELSE 'anonymous' END AS referrer_type,
             CASE WHEN ${pct('g', 'grade')} < 10 THEN 'RED' WHEN ${pct('g', 'grade')} < 45 THEN 'AMBER' ELSE 'GREEN' END AS grade,
             CASE WHEN ${pct('g', 'out')} < 30 THEN 'nfa' WHEN ${pct('g', 'out')} < 55 THEN 'advice_signpost' WHEN ${pct('g', 'out')} < 75 THEN 'early_help'
                  WHEN ${pct('g', 'out')} < 90 THEN 'cin_assessment' WHEN ${pct('g', 'out')} < 97 THEN 'strategy_discussion' WHEN ${pct('g', 'out')} < 99 THEN 'existing_case'
                  ELSE 'immediate_protection' END AS outcome,
             ('00000000-0000-4000-c000-' || lpad(to_hex(1 + (g * 7919) % ${persons}), 12, '0'))::uuid AS person_id,
             ${pct('g', 'fb')} < 3 AS feedback_late, ${pct('g', 'ovr')} < 3 AS overridden
        FROM generate_series(1, ${contacts}) g;
    ALTER TABLE year_contact ADD COLUMN open boolean, ADD COLUMN decided_at timestamptz;
    UPDATE year_contact SET open = received_at > now() - interval '3 days',
           decided_at = received_at + CASE grade WHEN 'RED' THEN interval '2 hours' WHEN 'AMBER' THEN interval '20 hours' ELSE interval '46 hours' END
                                    + (abs(hashtext(g::text || 'late')) % 240) * interval '1 minute';
    INSERT INTO contact (id, reference, channel, status, received_at, referrer_type, anonymous)
      SELECT id, 'MASH-YEAR-' || lpad(g::text, 6, '0'), CASE referrer_type WHEN 'police' THEN 'police_notification' WHEN 'professional' THEN 'professional' WHEN 'partner' THEN 'email' ELSE 'public' END,
             CASE WHEN NOT open THEN 'decided' WHEN g % 2 = 0 THEN 'triaged' ELSE 'in_progress' END, received_at, referrer_type, referrer_type = 'anonymous'
        FROM year_contact;
    INSERT INTO contact_subject (contact_id, position, first_name, last_name, date_of_birth, sex, person_id)
      SELECT y.id, 0, p.first_name, p.last_name, p.date_of_birth, p.sex, y.person_id FROM year_contact y JOIN person p ON p.id = y.person_id;
    INSERT INTO subject_grade (contact_id, subject_id, person_id, provisional_grade, grade, fired_rules, flags, facts, framework_version, created_at)
      SELECT y.id, s.id, y.person_id, y.grade, y.grade, '[]'::jsonb, '[]'::jsonb, '{}'::jsonb, 'rag-framework-v1', y.received_at
        FROM year_contact y JOIN contact_subject s ON s.contact_id = y.id;
    INSERT INTO contact_triage (contact_id, grade, provisional_grade, decision_due_at, decision_clock_id, assigned_to_user_id, assigned_at, framework_version, graded_at)
      SELECT y.id, y.grade, y.grade,
             y.received_at + CASE y.grade WHEN 'RED' THEN interval '4 hours' WHEN 'AMBER' THEN interval '1 day' ELSE interval '3 days' END,
             gen_random_uuid(), w.id, y.received_at, 'rag-framework-v1', y.received_at
        FROM year_contact y
        LEFT JOIN LATERAL (SELECT u.id FROM app_user u WHERE u.role = 'mash_worker' AND u.active ORDER BY u.id OFFSET (y.g % greatest(1, (SELECT count(*) FROM app_user WHERE role = 'mash_worker' AND active))) LIMIT 1) w ON true;
    INSERT INTO sla_clock (id, kind, target_type, target_id, contact_id, holder_user_id, started_at, due_at, met_at)
      SELECT t.decision_clock_id, 'decision_due', 'contact', y.id, y.id, t.assigned_to_user_id, y.received_at, t.decision_due_at, CASE WHEN y.open THEN NULL ELSE y.decided_at END
        FROM year_contact y JOIN contact_triage t ON t.contact_id = y.id;
    INSERT INTO threshold_decision (contact_id, subject_id, person_id, outcome, threshold_level, status, rationale, decided_by_user_id, decided_at, final_at, framework_version,
                                    grade_at_decision, history_reviewed, overridden_rules, override_reason, overridden_by_user_id)
      SELECT y.id, s.id, y.person_id, y.outcome,
             CASE y.outcome WHEN 'nfa' THEN 1 WHEN 'advice_signpost' THEN 1 WHEN 'early_help' THEN 2 WHEN 'cin_assessment' THEN 3 WHEN 'existing_case' THEN 3 ELSE 4 END,
             'final', 'Bench decision', coalesce(t.assigned_to_user_id, (SELECT id FROM app_user WHERE role = 'mash_manager' ORDER BY id LIMIT 1)),
             y.decided_at, y.decided_at, 'rag-framework-v1', y.grade, true,
             CASE WHEN y.overridden THEN ARRAY['RAG-2.amber.self-harm'] ELSE '{}'::text[] END,
             CASE WHEN y.overridden THEN 'Bench override' END,
             CASE WHEN y.overridden THEN (SELECT id FROM app_user WHERE role = 'mash_manager' ORDER BY id LIMIT 1) END
        FROM year_contact y JOIN contact_subject s ON s.contact_id = y.id JOIN contact_triage t ON t.contact_id = y.id
       WHERE NOT y.open;
    INSERT INTO sla_clock (kind, target_type, target_id, contact_id, started_at, due_at, met_at)
      SELECT 'feedback_due', 'contact', y.id, y.id, y.decided_at, y.decided_at + interval '3 days', CASE WHEN y.feedback_late THEN NULL ELSE y.decided_at + interval '1 day' END
        FROM year_contact y WHERE NOT y.open;`;
}

/** Writes the year in one transaction and ANALYZEs; returns the seconds it took. */
async function seedYearOfData(connectionString, contacts) {
  const { Client } = require('pg');
  const client = new Client({ connectionString });
  await client.connect();
  const t0 = Date.now();
  try {
    await client.query('BEGIN');
    await client.query(yearOfDataSql(contacts));
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return (Date.now() - t0) / 1000;
}

module.exports = { seedYearOfData, yearOfDataSql };
