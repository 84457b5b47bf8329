import { MigrationInterface, QueryRunner } from "typeorm";

/** Contacts normalised (contact, referrer, subjects, household, concerns, evidence); the threshold_decision and
 *  child_status_transition tables that people, triage, decisions and step-downs share. Generated. */

export class ContactsDecisionsStatus1795347105677 implements MigrationInterface {
    name = 'ContactsDecisionsStatus1795347105677'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "contact_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "position" integer NOT NULL, "type" text NOT NULL, "held_by" text NOT NULL, "description" text, "shared_with_police_at" TIMESTAMP WITH TIME ZONE, "shared_with_police_by" text, "added_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_47d5b856dfcd3265ef3b6d8f7fc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ix_contact_evidence_contact" ON "contact_evidence"  ("contact_id", "position") `);
        await queryRunner.query(`CREATE TABLE "contact_household_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "position" integer NOT NULL, "first_name" text, "last_name" text, "aliases" text array NOT NULL DEFAULT '{}', "date_of_birth" date, "sex" text NOT NULL DEFAULT 'U', "nhs_number" text, "relationship" text NOT NULL, "resident" boolean, "parental_responsibility" text NOT NULL DEFAULT 'unknown', "known_risks" text array NOT NULL DEFAULT '{}', "unknown_reason" text, "postcode" text, "person_id" uuid, CONSTRAINT "PK_6e0cc76fef2d56ffa7752e9b926" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_contact_household_person" ON "contact_household_member"  ("person_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ix_contact_household_contact" ON "contact_household_member"  ("contact_id", "position") `);
        await queryRunner.query(`CREATE TABLE "contact_referrer" ("contact_id" uuid NOT NULL, "name" text, "role" text, "organisation" text, "phone" text, "email" text, "relationship_to_child" text, CONSTRAINT "PK_5d3cbeb30e9aca96d4306e6eb1c" PRIMARY KEY ("contact_id"))`);
        await queryRunner.query(`CREATE TABLE "contact_subject" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "position" integer NOT NULL, "first_name" text, "last_name" text, "aliases" text array NOT NULL DEFAULT '{}', "date_of_birth" date, "expected_delivery_date" date, "sex" text NOT NULL DEFAULT 'U', "nhs_number" text, "address_line1" text, "address_line2" text, "town" text, "postcode" text, "address_type" text NOT NULL DEFAULT 'unknown', "school" text, "gp_practice" text, "disability" text, "communication_needs" text, "first_language" text, "interpreter_needed" boolean, "seen_by_referrer" boolean, "person_id" uuid, CONSTRAINT "PK_db0a876d4fd4a8749a90723f4af" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_contact_subject_person" ON "contact_subject"  ("person_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ix_contact_subject_contact" ON "contact_subject"  ("contact_id", "position") `);
        await queryRunner.query(`CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "channel" text NOT NULL, "status" text NOT NULL DEFAULT 'received', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by_user_id" uuid, "submitted_by_agency_id" uuid, "referrer_type" text NOT NULL, "anonymous" boolean NOT NULL DEFAULT false, "referral_source" text, "referrer_says_child_protection" boolean, "referrer_harm" text, "referrer_what_should_happen" text, "urgency" text, "consent_status" text NOT NULL DEFAULT 'unknown', "consent_reason" text, "tracking_token_hash" text, "idempotency_scope" text, "idempotency_key" text, "request_hash" text, "possible_duplicate_of_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_contact_reference" ON "contact"  ("reference") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_contact_idempotency" ON "contact"  ("idempotency_scope", "idempotency_key") WHERE idempotency_key IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_contact_status_received" ON "contact"  ("status", "received_at") `);
        await queryRunner.query(`CREATE INDEX "ix_contact_submitted_by" ON "contact"  ("submitted_by_user_id", "received_at") `);
        await queryRunner.query(`CREATE TABLE "contact_concern" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "position" integer NOT NULL, "category" text NOT NULL, "cin_factor_code" text, "description" text NOT NULL, "incident_date" date, "subject_ids" uuid array NOT NULL DEFAULT '{}', "added_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ad548650b80dd871c58ce9e1e97" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ix_contact_concern_contact" ON "contact_concern"  ("contact_id", "position") `);
        await queryRunner.query(`CREATE TABLE "threshold_decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "person_id" uuid, "outcome" text NOT NULL, "threshold_level" integer NOT NULL, "status" text NOT NULL, "rationale" text NOT NULL, "decided_by_user_id" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, "final_at" TIMESTAMP WITH TIME ZONE, "framework_version" text NOT NULL, "supersedes_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3ebd8911e8c750a3593912b3a61" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_threshold_decision_contact" ON "threshold_decision"  ("contact_id") `);
        await queryRunner.query(`CREATE INDEX "ix_threshold_decision_person" ON "threshold_decision"  ("person_id", "decided_at") `);
        await queryRunner.query(`CREATE INDEX "ix_threshold_decision_subject" ON "threshold_decision"  ("subject_id", "decided_at") `);
        await queryRunner.query(`CREATE TABLE "child_status_transition" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "from_level" text, "to_level" text NOT NULL, "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "category_of_abuse" text, "reason" text, "source" text NOT NULL, "reference" text, "lead_professional_user_id" uuid, "lead_professional_name" text, "decided_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_92baa8d9fb3f7e85427410b9276" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_child_status_person" ON "child_status_transition"  ("person_id", "effective_at") `);
        await queryRunner.query(`ALTER TABLE "contact_evidence" ADD CONSTRAINT "FK_9f7afc0f5d757a191d548bbda95" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "contact_household_member" ADD CONSTRAINT "FK_33062217d92e3b63a96592c5af6" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "contact_referrer" ADD CONSTRAINT "FK_5d3cbeb30e9aca96d4306e6eb1c" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "contact_subject" ADD CONSTRAINT "FK_5e32623b5617705f3a0840afa92" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "contact_concern" ADD CONSTRAINT "FK_8327f5fdc9e8d65e64bfbf0bf67" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "contact_concern" DROP CONSTRAINT "FK_8327f5fdc9e8d65e64bfbf0bf67"`);
        await queryRunner.query(`ALTER TABLE "contact_subject" DROP CONSTRAINT "FK_5e32623b5617705f3a0840afa92"`);
        await queryRunner.query(`ALTER TABLE "contact_referrer" DROP CONSTRAINT "FK_5d3cbeb30e9aca96d4306e6eb1c"`);
        await queryRunner.query(`ALTER TABLE "contact_household_member" DROP CONSTRAINT "FK_33062217d92e3b63a96592c5af6"`);
        await queryRunner.query(`ALTER TABLE "contact_evidence" DROP CONSTRAINT "FK_9f7afc0f5d757a191d548bbda95"`);
        await queryRunner.query(`DROP INDEX "public"."ix_child_status_person"`);
        await queryRunner.query(`DROP TABLE "child_status_transition"`);
        await queryRunner.query(`DROP INDEX "public"."ix_threshold_decision_subject"`);
        await queryRunner.query(`DROP INDEX "public"."ix_threshold_decision_person"`);
        await queryRunner.query(`DROP INDEX "public"."ix_threshold_decision_contact"`);
        await queryRunner.query(`DROP TABLE "threshold_decision"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_concern_contact"`);
        await queryRunner.query(`DROP TABLE "contact_concern"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_submitted_by"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_status_received"`);
        await queryRunner.query(`DROP INDEX "public"."uq_contact_idempotency"`);
        await queryRunner.query(`DROP INDEX "public"."uq_contact_reference"`);
        await queryRunner.query(`DROP TABLE "contact"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_subject_contact"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_subject_person"`);
        await queryRunner.query(`DROP TABLE "contact_subject"`);
        await queryRunner.query(`DROP TABLE "contact_referrer"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_household_contact"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_household_person"`);
        await queryRunner.query(`DROP TABLE "contact_household_member"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_evidence_contact"`);
        await queryRunner.query(`DROP TABLE "contact_evidence"`);
    }

}
