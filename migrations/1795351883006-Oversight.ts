import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Manager oversight and challenges (issue #10). audit_sample / audit_sample_item hold a drawn
 * threshold-decision audit sample with its seed and configuration (SPEC MGT-1), so it can be drawn
 * again; audit_answer holds one current answer per auditor and sampled decision, with `agrees`
 * derived at write time so agreement rates are SQL aggregates. challenge / challenge_event hold
 * challenges of grades, decisions, declined strategy requests and step-downs and their stage history
 * (SPEC ESC-1); at most one open challenge per challenger and target (uq_challenge_open_target). The
 * stage clocks are sla_clock rows (kind challenge_response), not columns here.
 * professionals_meeting_request holds ESC-2 requests; its answer clock is also an sla_clock row.
 */

export class Oversight1795351883006 implements MigrationInterface {
    name = 'Oversight1795351883006'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "challenge_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "challenge_id" uuid NOT NULL, "kind" text NOT NULL, "stage_key" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "by_user_id" uuid, "note" text, CONSTRAINT "PK_841775313e97e1eb72c884dd5c5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_challenge_event" ON "challenge_event"  ("challenge_id", "at") `);
        await queryRunner.query(`CREATE TABLE "challenge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "target_type" text NOT NULL, "target_id" uuid NOT NULL, "contact_id" uuid, "subject_id" uuid, "challenger_user_id" uuid NOT NULL, "challenger_agency_id" uuid, "challenger_role" text NOT NULL, "reason" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "stage_index" integer NOT NULL DEFAULT '0', "stage_key" text NOT NULL, "stage_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "escalation_version" text NOT NULL, "outcome" text, "outcome_reason" text, "responded_by_user_id" uuid, "responded_at" TIMESTAMP WITH TIME ZONE, "new_decision_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5f31455ad09ea6a836a06871b7a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_challenge_open_target" ON "challenge"  ("target_type", "target_id", "challenger_user_id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE INDEX "ix_challenge_target" ON "challenge"  ("target_type", "target_id") `);
        await queryRunner.query(`CREATE INDEX "ix_challenge_open" ON "challenge"  ("status", "stage_started_at") `);
        await queryRunner.query(`CREATE INDEX "ix_challenge_challenger" ON "challenge"  ("challenger_user_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "professionals_meeting_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "subject_id" uuid, "criterion" text NOT NULL, "reason" text NOT NULL, "requested_by_user_id" uuid NOT NULL, "requested_by_agency_id" uuid, "status" text NOT NULL DEFAULT 'requested', "answer_reason" text, "meeting_at" TIMESTAMP WITH TIME ZONE, "answered_by_user_id" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aef4fd2b0a10ce27b50f4897e8f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_pm_request_requester" ON "professionals_meeting_request"  ("requested_by_user_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "audit_answer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sample_id" uuid NOT NULL, "item_id" uuid NOT NULL, "decision_id" uuid NOT NULL, "auditor_user_id" uuid NOT NULL, "form_version" text NOT NULL, "answers" jsonb NOT NULL, "agrees" boolean NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a01f57e5aa8f4bbd45a434c568" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_audit_answer_current" ON "audit_answer"  ("item_id", "auditor_user_id") `);
        await queryRunner.query(`CREATE TABLE "audit_sample_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sample_id" uuid NOT NULL, "decision_id" uuid NOT NULL, "position" integer NOT NULL, "reasons" text array NOT NULL, CONSTRAINT "PK_27df43c38ddd925a4fb1ad936a7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_sample_item_decision" ON "audit_sample_item"  ("decision_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_audit_sample_item" ON "audit_sample_item"  ("sample_id", "decision_id") `);
        await queryRunner.query(`CREATE TABLE "audit_sample" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_from" TIMESTAMP WITH TIME ZONE NOT NULL, "period_to" TIMESTAMP WITH TIME ZONE NOT NULL, "seed" text NOT NULL, "config_version" text NOT NULL, "random_share" numeric(5,4) NOT NULL, "form_version" text NOT NULL, "decisions_in_period" integer NOT NULL, "drawn_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07f79ab5ab52ba277692f4ac323" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_sample_period" ON "audit_sample"  ("period_from", "period_to") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_audit_sample_period"`);
        await queryRunner.query(`DROP TABLE "audit_sample"`);
        await queryRunner.query(`DROP INDEX "public"."uq_audit_sample_item"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_sample_item_decision"`);
        await queryRunner.query(`DROP TABLE "audit_sample_item"`);
        await queryRunner.query(`DROP INDEX "public"."uq_audit_answer_current"`);
        await queryRunner.query(`DROP TABLE "audit_answer"`);
        await queryRunner.query(`DROP INDEX "public"."ix_pm_request_requester"`);
        await queryRunner.query(`DROP TABLE "professionals_meeting_request"`);
        await queryRunner.query(`DROP INDEX "public"."ix_challenge_challenger"`);
        await queryRunner.query(`DROP INDEX "public"."ix_challenge_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_challenge_target"`);
        await queryRunner.query(`DROP INDEX "public"."uq_challenge_open_target"`);
        await queryRunner.query(`DROP TABLE "challenge"`);
        await queryRunner.query(`DROP INDEX "public"."ix_challenge_event"`);
        await queryRunner.query(`DROP TABLE "challenge_event"`);
    }

}
