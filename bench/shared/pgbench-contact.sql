-- The raw-Postgres baseline of SPEC PERF-1: the rows of one contact (contact, referrer, 2 subjects,
-- 1 household member, 1 concern, 2 outbox rows, 1 audit event) in one transaction, one INSERT per table.
\set n random(1, 1000000000)
BEGIN;
INSERT INTO contact (reference, channel, status, received_at, submitted_by_user_id, referrer_type, anonymous, referral_source,
  referrer_says_child_protection, referrer_harm, referrer_what_should_happen, urgency, consent_status, request_hash)
  VALUES ('PGB-' || nextval('bench_pgbench_reference'), 'professional', 'received', now(), :user_id, 'professional', false, '2A',
  true, 'Bruise on the left cheek; said mum''s boyfriend did it.', 'Assessment of the family', 'urgent', 'given', md5(:n::text) || md5(:n::text))
  RETURNING id AS cid \gset
INSERT INTO contact_referrer (contact_id, name, role, phone, email, relationship_to_child)
  VALUES (:cid, 'Dee Ess-Ell', 'Designated Safeguarding Lead', '01632 960 000', 'dsl@school.localhost', 'teacher');
INSERT INTO contact_subject (id, contact_id, position, first_name, last_name, aliases, date_of_birth, sex, nhs_number, address_line1, town, postcode, address_type, school, first_language, seen_by_referrer)
  VALUES (gen_random_uuid(), :cid, 0, 'Amelia', 'Smith', '{}', '2018-04-02', 'F', '9434765919', '4 Mill Lane', 'Northshire', 'NN1 2AB', 'permanent', 'Riverside Primary School', 'English', true),
         (gen_random_uuid(), :cid, 1, 'Noah', 'Smith', '{}', '2021-09-13', 'M', NULL, '4 Mill Lane', 'Northshire', 'NN1 2AB', 'permanent', NULL, 'English', false);
INSERT INTO contact_household_member (id, contact_id, position, first_name, last_name, aliases, sex, relationship, resident, parental_responsibility, known_risks)
  VALUES (gen_random_uuid(), :cid, 0, 'Carla', 'Smith', '{}', 'F', 'mother', true, 'yes', '{}');
INSERT INTO contact_concern (id, contact_id, position, category, cin_factor_code, description, incident_date, subject_ids)
  VALUES (gen_random_uuid(), :cid, 0, 'injury', '18C', 'Child arrived at school with a bruise on the left cheek.', current_date - 1, '{}');
INSERT INTO outbox (queue, job_name, job_id, payload)
  VALUES ('triage', 'contact.received', 'triage.' || :cid::text, jsonb_build_object('contactId', :cid::text)),
         ('feedback', 'acknowledge', 'ack.' || :cid::text, jsonb_build_object('contactId', :cid::text));
INSERT INTO audit_event (id, occurred_at, actor_user_id, actor_role, action, entity_type, entity_id, summary, content_hash)
  VALUES (gen_random_uuid(), now(), :user_id, 'referrer', 'contact.created', 'contact', :cid, '{"channel":"professional","subjects":2}', md5(:cid::text) || md5(:n::text));
COMMIT;
