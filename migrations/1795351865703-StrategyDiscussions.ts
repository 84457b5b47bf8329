import { MigrationInterface, QueryRunner } from "typeorm";

/** Strategy discussions (SPEC §7, issue #7): `strategy_discussion` (request, convene/decline, the held record,
 *  the minutes as generated text and HTML, and the link to a previous discussion when reconvened),
 *  `strategy_invitee` (the distribution list with attendance per invitee; uninvited attendees have invited=false),
 *  `strategy_action` (owner, due date, status), `strategy_message` (one e-mail per minutes recipient or decline
 *  notice, with its sent time; partial unique indexes make distribution idempotent) and
 *  `strategy_minutes_complaint` ("not received" reports; the open ones are counted for the dashboard). Evidence
 *  shared with police is marked on the existing contact_evidence columns; clocks live in triage's sla_clock.
 *  Generated. */

export class StrategyDiscussions1795351865703 implements MigrationInterface {
    name = 'StrategyDiscussions1795351865703'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "strategy_minutes_complaint" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "discussion_id" uuid NOT NULL, "reported_by_user_id" uuid NOT NULL, "reported_by_agency_id" uuid, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_02b831b28455c8e3792268f35d9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_strategy_minutes_complaint_open" ON "strategy_minutes_complaint"  ("reported_at") WHERE resolved_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "strategy_action" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "discussion_id" uuid NOT NULL, "position" integer NOT NULL, "description" text NOT NULL, "owner_agency_id" uuid, "owner_user_id" uuid, "owner_name" text NOT NULL, "due_date" date NOT NULL, "status" text NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b82387f5523ae786b971c47c7a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ix_strategy_action_discussion" ON "strategy_action"  ("discussion_id", "position") `);
        await queryRunner.query(`CREATE TABLE "strategy_discussion" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "person_id" uuid, "status" text NOT NULL, "reason" text NOT NULL, "urgency" text NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "requested_by_user_id" uuid, "requested_by_agency_id" uuid, "requested_by_role" text NOT NULL, "decision_id" uuid, "scheduled_at" TIMESTAMP WITH TIME ZONE, "mode" text, "chair_user_id" uuid, "convened_at" TIMESTAMP WITH TIME ZONE, "convened_by_user_id" uuid, "declined_at" TIMESTAMP WITH TIME ZONE, "declined_by_user_id" uuid, "decline_reason" text, "agencies_consulted" uuid array NOT NULL DEFAULT '{}', "alternative_plan" text, "held_at" TIMESTAMP WITH TIME ZONE, "recorded_by_user_id" uuid, "information_shared" text, "agency_views" jsonb NOT NULL DEFAULT '[]', "outcome" text, "icpc_required" boolean, "icpc_due_date" date, "child_seen_alone_plan" text, "minutes_text" text, "minutes_html" text, "minutes_distributed_at" TIMESTAMP WITH TIME ZONE, "previous_discussion_id" uuid, "previous_summary" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ffd070aa852f8f8dec31f3b3cf3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_strategy_discussion_status" ON "strategy_discussion"  ("status", "requested_at") `);
        await queryRunner.query(`CREATE INDEX "ix_strategy_discussion_requester" ON "strategy_discussion"  ("requested_by_user_id", "requested_at") `);
        await queryRunner.query(`CREATE INDEX "ix_strategy_discussion_person" ON "strategy_discussion"  ("person_id", "requested_at") `);
        await queryRunner.query(`CREATE INDEX "ix_strategy_discussion_subject" ON "strategy_discussion"  ("subject_id", "requested_at") `);
        await queryRunner.query(`CREATE TABLE "strategy_invitee" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "discussion_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "user_id" uuid, "name" text, "email" text, "invited" boolean NOT NULL DEFAULT true, "invite_reason" text NOT NULL, "attendance" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c0fd08588fd7804af614b4b4e6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_strategy_invitee_user" ON "strategy_invitee"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "ix_strategy_invitee_agency" ON "strategy_invitee"  ("agency_id") `);
        await queryRunner.query(`CREATE INDEX "ix_strategy_invitee_discussion" ON "strategy_invitee"  ("discussion_id") `);
        await queryRunner.query(`CREATE TABLE "strategy_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "discussion_id" uuid NOT NULL, "kind" text NOT NULL, "invitee_id" uuid, "recipient_email" text, "subject" text NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "message_id" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "sent_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d7cef20e3c5408ef1f3cd7b5632" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_strategy_message_decline" ON "strategy_message"  ("discussion_id") WHERE kind = 'decline'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_strategy_message_minutes" ON "strategy_message"  ("discussion_id", "invitee_id") WHERE kind = 'minutes'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_strategy_message_minutes"`);
        await queryRunner.query(`DROP INDEX "public"."uq_strategy_message_decline"`);
        await queryRunner.query(`DROP TABLE "strategy_message"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_invitee_discussion"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_invitee_agency"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_invitee_user"`);
        await queryRunner.query(`DROP TABLE "strategy_invitee"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_discussion_subject"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_discussion_person"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_discussion_requester"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_discussion_status"`);
        await queryRunner.query(`DROP TABLE "strategy_discussion"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_action_discussion"`);
        await queryRunner.query(`DROP TABLE "strategy_action"`);
        await queryRunner.query(`DROP INDEX "public"."ix_strategy_minutes_complaint_open"`);
        await queryRunner.query(`DROP TABLE "strategy_minutes_complaint"`);
    }

}
