import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Retention and legal hold (SPEC SEC-5).
 *  - legal_hold: a hold on a person (a child, or an adult of a household) with who set it and why,
 *    and who lifted it and why; at most one active hold per person.
 *  - retention_policy: the periods of config/retention.yaml, written by the migrate job as the owner
 *    (the application's role may only read them), and retention_contact_expired /
 *    retention_contact_held / retention_feedback_expired, the rules that read them;
 *  - retention_purge_contacts(ids): deletes contacts and everything recorded about them (decisions,
 *    checks, strategy records, step-downs, feedback, clocks, grades, person-index rows sourced from
 *    them, then persons no record refers to any more), but only those past the periods in
 *    retention_policy and none a held person appears in, as a child or in the household, whatever
 *    ids it is given. SECURITY DEFINER, owned by the schema owner: the application's
 *    role may EXECUTE it but holds no DELETE on threshold_decision, and signed-off decisions stay
 *    read-only to everything else (the trigger lets only this function's purge through).
 *    Returns the counts per table and the ids of the contacts it deleted. Audit events are kept
 *    (they carry ids and kinds, not personal data), so the trail still verifies.
 */
export class RetentionAndLegalHold1796600000000 implements MigrationInterface {
    name = 'RetentionAndLegalHold1796600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "legal_hold" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "reason" text NOT NULL, "set_by_user_id" uuid NOT NULL, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lifted_at" TIMESTAMP WITH TIME ZONE, "lifted_by_user_id" uuid, "lift_reason" text, CONSTRAINT "PK_legal_hold" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_legal_hold_active" ON "legal_hold" ("person_id") WHERE lifted_at IS NULL`);
        await queryRunner.query(`ALTER TABLE "legal_hold" ADD CONSTRAINT "FK_legal_hold_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "retention_policy" ("record_type" text NOT NULL, "keep_months" integer NOT NULL, "from_anchor" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_retention_policy" PRIMARY KEY ("record_type"), CONSTRAINT "ck_retention_policy_keep" CHECK (keep_months > 0), CONSTRAINT "ck_retention_policy_anchor" CHECK (from_anchor IN ('closure', 'child_date_of_birth', 'sent')))`);

        // A person under legal hold appears in the contact, as a child or in the household.
        await queryRunner.query(`CREATE FUNCTION retention_contact_held(cid uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT EXISTS (SELECT 1 FROM contact_subject s JOIN legal_hold h ON h.person_id = s.person_id AND h.lifted_at IS NULL WHERE s.contact_id = cid)
                OR EXISTS (SELECT 1 FROM contact_household_member m JOIN legal_hold h ON h.person_id = m.person_id AND h.lifted_at IS NULL WHERE m.contact_id = cid)
        $$`);
        // Closed (every child has a signed-off decision) and past the period of every record type the
        // contact holds: contacts_nfa or referrals by its outcomes, strategy_records and step_downs when
        // it has one. Without a complete policy nothing expires.
        await queryRunner.query(`CREATE FUNCTION retention_contact_expired(cid uuid) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
            DECLARE
                closed_at timestamptz; all_nfa boolean; decided bigint; subjects bigint; born_at timestamptz; r record; applies boolean;
            BEGIN
                IF (SELECT count(*) FROM retention_policy WHERE record_type IN ('contacts_nfa', 'referrals', 'strategy_records', 'step_downs')) < 4 THEN
                    RETURN false;
                END IF;
                SELECT max(d.final_at), bool_and(d.outcome = 'nfa'), count(DISTINCT d.subject_id) INTO closed_at, all_nfa, decided
                  FROM threshold_decision d WHERE d.contact_id = cid AND d.status = 'final';
                SELECT count(*), max(coalesce(s.date_of_birth, s.expected_delivery_date))::timestamptz INTO subjects, born_at
                  FROM contact_subject s WHERE s.contact_id = cid;
                IF closed_at IS NULL OR decided < subjects THEN
                    RETURN false;
                END IF;
                born_at := coalesce(born_at, closed_at);
                FOR r IN SELECT * FROM retention_policy LOOP
                    applies := CASE r.record_type
                        WHEN 'contacts_nfa' THEN all_nfa
                        WHEN 'referrals' THEN NOT all_nfa
                        WHEN 'strategy_records' THEN EXISTS (SELECT 1 FROM strategy_discussion x WHERE x.contact_id = cid)
                        WHEN 'step_downs' THEN EXISTS (SELECT 1 FROM step_down x WHERE x.contact_id = cid)
                        ELSE false END;
                    IF applies AND (CASE WHEN r.from_anchor = 'child_date_of_birth' THEN born_at ELSE closed_at END) + make_interval(months => r.keep_months) >= now() THEN
                        RETURN false;
                    END IF;
                END LOOP;
                RETURN true;
            END $$`);
        await queryRunner.query(`CREATE FUNCTION retention_feedback_expired(sent_or_written timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT coalesce((SELECT sent_or_written + make_interval(months => keep_months) < now() FROM retention_policy WHERE record_type = 'feedback'), false)
        $$`);

        // Signed-off decisions stay read-only, except to the retention purge below.
        await queryRunner.query(`CREATE OR REPLACE FUNCTION threshold_decision_signed_off() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                kept text[] := ARRAY['status', 'superseded_by_id', 'superseded_at'];
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    RAISE EXCEPTION 'threshold_decision is read-only once signed off (SPEC DEC-5): TRUNCATE refused' USING ERRCODE = '55000';
                END IF;
                IF TG_OP = 'DELETE' AND current_setting('mash.retention_purge', true) = 'on' THEN
                    RETURN OLD;
                END IF;
                IF OLD.status NOT IN ('final', 'superseded') THEN
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END IF;
                IF TG_OP = 'UPDATE' AND OLD.status = 'final' AND NEW.status = 'superseded'
                   AND OLD.superseded_by_id IS NULL AND NEW.superseded_by_id IS NOT NULL AND NEW.superseded_by_id <> OLD.id
                   AND (to_jsonb(NEW) - kept) = (to_jsonb(OLD) - kept) THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'threshold_decision % is % and read-only (SPEC DEC-5): supersede it with a new decision', OLD.id, OLD.status USING ERRCODE = '55000';
            END $$`);

        await queryRunner.query(`CREATE FUNCTION retention_purge_contacts(ids uuid[]) RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE
                purged uuid[];
                decisions uuid[];
                discussions uuid[];
                step_downs uuid[];
                people uuid[];
                counts jsonb := '{}';
                n bigint;
            BEGIN
                -- Only this transaction's deletes get past the signed-off trigger; the setting ends with it.
                PERFORM set_config('mash.retention_purge', 'on', true);
                SELECT coalesce(array_agg(c.id ORDER BY c.id), '{}') INTO purged FROM contact c
                 WHERE c.id = ANY(ids) AND retention_contact_expired(c.id) AND NOT retention_contact_held(c.id);
                IF cardinality(purged) = 0 THEN
                    RETURN jsonb_build_object('contactIds', '[]'::jsonb, 'counts', counts);
                END IF;
                -- FOR UPDATE: a contact changed meanwhile waits for the purge, never half-deleted.
                PERFORM 1 FROM contact WHERE id = ANY(purged) FOR UPDATE;
                SELECT array_agg(DISTINCT p) INTO people FROM (
                    SELECT person_id AS p FROM contact_subject WHERE contact_id = ANY(purged) AND person_id IS NOT NULL
                    UNION SELECT person_id FROM contact_household_member WHERE contact_id = ANY(purged) AND person_id IS NOT NULL) x;
                SELECT coalesce(array_agg(id), '{}') INTO decisions FROM threshold_decision WHERE contact_id = ANY(purged);
                SELECT coalesce(array_agg(id), '{}') INTO discussions FROM strategy_discussion WHERE contact_id = ANY(purged);
                SELECT coalesce(array_agg(id), '{}') INTO step_downs FROM step_down WHERE contact_id = ANY(purged);

                DELETE FROM strategy_action WHERE discussion_id = ANY(discussions);
                DELETE FROM strategy_invitee WHERE discussion_id = ANY(discussions);
                DELETE FROM strategy_message WHERE discussion_id = ANY(discussions);
                DELETE FROM strategy_minutes_complaint WHERE discussion_id = ANY(discussions);
                DELETE FROM strategy_discussion WHERE id = ANY(discussions);
                GET DIAGNOSTICS n = ROW_COUNT; counts := counts || jsonb_build_object('strategy_discussion', n);
                DELETE FROM step_down_notification WHERE step_down_id = ANY(step_downs);
                DELETE FROM child_status_transition WHERE step_down_id = ANY(step_downs);
                UPDATE step_down SET requeue_contact_id = NULL WHERE requeue_contact_id = ANY(purged) AND NOT (id = ANY(step_downs));
                DELETE FROM step_down WHERE id = ANY(step_downs);
                GET DIAGNOSTICS n = ROW_COUNT; counts := counts || jsonb_build_object('step_down', n);
                DELETE FROM audit_answer WHERE decision_id = ANY(decisions);
                DELETE FROM audit_sample_item WHERE decision_id = ANY(decisions);
                DELETE FROM feedback WHERE contact_id = ANY(purged);
                GET DIAGNOSTICS n = ROW_COUNT; counts := counts || jsonb_build_object('feedback', n);
                DELETE FROM threshold_decision WHERE id = ANY(decisions);
                GET DIAGNOSTICS n = ROW_COUNT; counts := counts || jsonb_build_object('threshold_decision', n);
                DELETE FROM challenge_event WHERE challenge_id IN (SELECT id FROM challenge WHERE contact_id = ANY(purged));
                DELETE FROM challenge WHERE contact_id = ANY(purged);
                DELETE FROM agency_check WHERE contact_id = ANY(purged);
                GET DIAGNOSTICS n = ROW_COUNT; counts := counts || jsonb_build_object('agency_check', n);
                DELETE FROM accumulation_flag WHERE contact_id = ANY(purged);
                DELETE FROM notification WHERE contact_id = ANY(purged);
                DELETE FROM professionals_meeting_request WHERE contact_id = ANY(purged);
                DELETE FROM subject_grade_change WHERE contact_id = ANY(purged);
                DELETE FROM person_match_candidate WHERE contact_id = ANY(purged);
                DELETE FROM person_match WHERE contact_id = ANY(purged);
                DELETE FROM person_name WHERE contact_id = ANY(purged);
                DELETE FROM person_address WHERE contact_id = ANY(purged);
                DELETE FROM person_flag WHERE contact_id = ANY(purged);
                DELETE FROM person_relationship WHERE source_contact_id = ANY(purged);
                UPDATE contact SET possible_duplicate_of_id = NULL WHERE possible_duplicate_of_id = ANY(purged) AND NOT (id = ANY(purged));
                DELETE FROM contact WHERE id = ANY(purged); -- subjects, household, concerns, evidence, referrer, clocks, grades cascade
                GET DIAGNOSTICS n = ROW_COUNT; counts := counts || jsonb_build_object('contact', n);

                -- Persons no remaining record refers to (and not held, never merged) go too.
                SELECT coalesce(array_agg(p.id), '{}') INTO people FROM person p WHERE p.id = ANY(coalesce(people, '{}'))
                   AND NOT EXISTS (SELECT 1 FROM contact_subject s WHERE s.person_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM contact_household_member m WHERE m.person_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM threshold_decision d WHERE d.person_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM strategy_discussion d WHERE d.person_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM step_down d WHERE d.person_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.person_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM person_merge pm WHERE p.id IN (pm.from_person_id, pm.into_person_id))
                   AND NOT EXISTS (SELECT 1 FROM person q WHERE q.merged_into_id = p.id);
                DELETE FROM person_relationship WHERE person_id = ANY(people) OR related_person_id = ANY(people);
                DELETE FROM accumulation_flag WHERE person_id = ANY(people);
                DELETE FROM child_status_transition WHERE person_id = ANY(people);
                DELETE FROM person_match_candidate WHERE person_id = ANY(people);
                DELETE FROM person_match WHERE person_id = ANY(people);
                DELETE FROM person WHERE id = ANY(people); -- names, addresses, flags cascade
                GET DIAGNOSTICS n = ROW_COUNT; counts := counts || jsonb_build_object('person', n);
                RETURN jsonb_build_object('contactIds', to_jsonb(purged), 'counts', counts);
            END $$`);
        await queryRunner.query(`REVOKE ALL ON FUNCTION retention_purge_contacts(uuid[]) FROM PUBLIC`);
        const role = process.env.APP_DB_USER ?? 'mash_app';
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error('APP_DB_USER: must be a lower-case Postgres role name');
        await queryRunner.query(`GRANT EXECUTE ON FUNCTION retention_purge_contacts(uuid[]) TO "${role}"`);
        // The periods are the owner's to set (the migrate job applies config/retention.yaml).
        await queryRunner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "retention_policy" FROM "${role}"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION retention_purge_contacts(uuid[])`);
        await queryRunner.query(`DROP FUNCTION retention_feedback_expired(timestamptz)`);
        await queryRunner.query(`DROP FUNCTION retention_contact_expired(uuid)`);
        await queryRunner.query(`DROP FUNCTION retention_contact_held(uuid)`);
        await queryRunner.query(`DROP TABLE "retention_policy"`);
        await queryRunner.query(`DROP TABLE "legal_hold"`);
    }
}
