import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One table for every outbound e-mail (outbound_message) with one delivery protocol (mark, send,
 * reconcile). Step-down acceptance notices move onto it: their rows are copied over (a notice
 * already sent keeps its Message-ID and stays sent), and `step_down_notification` becomes a view
 * of the step-down notices, with the columns it had.
 */
export class OutboundMail1796452508617 implements MigrationInterface {
    name = 'OutboundMail1796452508617'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbound_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" text NOT NULL, "about_id" uuid NOT NULL, "audience" text NOT NULL, "dedupe_key" text NOT NULL, "recipient_email" text, "recipient_agency_id" uuid, "subject" text NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "from_name" text, "headers" jsonb NOT NULL DEFAULT '{}', "message_id" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "server_response" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_outbound_message_status" CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'no_address')), CONSTRAINT "PK_53741fe5d4d5e2cb54dc4a5f446" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_outbound_message_about" ON "outbound_message"  ("purpose", "about_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbound_message_dedupe_key" ON "outbound_message"  ("dedupe_key") `);
        // The old rows kept no content: the copies say so rather than invent it.
        await queryRunner.query(`INSERT INTO "outbound_message" ("id", "purpose", "about_id", "audience", "dedupe_key", "recipient_email", "recipient_agency_id", "subject", "body_text", "body_html", "headers", "message_id", "status", "attempts", "sent_at", "created_at", "updated_at")
            SELECT n.id, 'step_down_notice', n.step_down_id, n.audience, 'step-down.' || n.step_down_id || '.' || n.audience, n.recipient_email, n.recipient_agency_id,
                   '(sent before outbound_message kept content)', '', '', jsonb_build_object('X-Mash-Step-Down-Id', n.step_down_id::text),
                   COALESCE(n.message_id, '<step-down.' || n.step_down_id || '.' || n.audience || '@unknown>'), n.status,
                   CASE WHEN n.status = 'sent' THEN 1 ELSE 0 END, CASE WHEN n.status = 'sent' THEN n.created_at END, n.created_at, n.created_at
              FROM "step_down_notification" n`);
        await queryRunner.query(`DROP TABLE "step_down_notification"`);
        await queryRunner.query(`CREATE VIEW "step_down_notification" AS
            SELECT id, about_id AS step_down_id, audience, status, recipient_email, recipient_agency_id, message_id, created_at
              FROM "outbound_message" WHERE purpose = 'step_down_notice'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP VIEW "step_down_notification"`);
        await queryRunner.query(`CREATE TABLE "step_down_notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "step_down_id" uuid NOT NULL, "audience" text NOT NULL, "status" text NOT NULL, "recipient_email" text, "recipient_agency_id" uuid, "message_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f16314ad732a692bee4d43ebcf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_step_down_notification" ON "step_down_notification"  ("step_down_id", "audience") `);
        await queryRunner.query(`INSERT INTO "step_down_notification" ("id", "step_down_id", "audience", "status", "recipient_email", "recipient_agency_id", "message_id", "created_at")
            SELECT id, about_id, audience, status, recipient_email, recipient_agency_id, message_id, created_at FROM "outbound_message"
             WHERE purpose = 'step_down_notice' AND status IN ('sent', 'no_address')`);
        await queryRunner.query(`DROP INDEX "public"."uq_outbound_message_dedupe_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbound_message_about"`);
        await queryRunner.query(`DROP TABLE "outbound_message"`);
    }

}
