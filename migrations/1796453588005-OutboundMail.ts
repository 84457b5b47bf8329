import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One table for every outbound e-mail (outbound_message) and one delivery protocol (mark, send,
 * reconcile) on the `mail` queue. Step-down acceptance notices and strategy messages (minutes,
 * decline notices) move onto it: their rows are copied over with their delivery state and
 * Message-IDs, messages still waiting get a `mail` job through the outbox, and
 * `step_down_notification` and `strategy_message` become views of them with the columns they had.
 * Step-down notices kept no content: their copies say so rather than invent it (all were sent, or
 * had no address). The `strategy` queue's jobs left in Redis find no consumer: the outbox rows
 * written here send those messages instead.
 */
export class OutboundMail1796453588005 implements MigrationInterface {
    name = 'OutboundMail1796453588005'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbound_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" text NOT NULL, "about_type" text NOT NULL, "about_id" uuid NOT NULL, "audience" text NOT NULL, "recipient_ref" uuid, "dedupe_key" text NOT NULL, "recipient_email" text, "recipient_agency_id" uuid, "subject" text NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "from_name" text, "headers" jsonb NOT NULL DEFAULT '{}', "message_id" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "server_response" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_outbound_message_status" CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'no_address')), CONSTRAINT "PK_53741fe5d4d5e2cb54dc4a5f446" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_outbound_message_about" ON "outbound_message"  ("about_type", "about_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbound_message_dedupe_key" ON "outbound_message"  ("dedupe_key") `);

        await queryRunner.query(`INSERT INTO "outbound_message" ("id", "purpose", "about_type", "about_id", "audience", "dedupe_key", "recipient_email", "recipient_agency_id", "subject", "body_text", "body_html", "headers", "message_id", "status", "attempts", "sent_at", "created_at", "updated_at")
            SELECT n.id, 'step_down.notice', 'step_down', n.step_down_id, n.audience, 'step-down.' || n.step_down_id || '.' || n.audience, n.recipient_email, n.recipient_agency_id,
                   '(sent before outbound_message kept content)', '', '', jsonb_build_object('X-Mash-Step-Down-Id', n.step_down_id::text),
                   COALESCE(n.message_id, '<step-down.' || n.step_down_id || '.' || n.audience || '@unknown>'), n.status,
                   CASE WHEN n.status = 'sent' THEN 1 ELSE 0 END, CASE WHEN n.status = 'sent' THEN n.created_at END, n.created_at, n.created_at
              FROM "step_down_notification" n`);
        await queryRunner.query(`DROP TABLE "step_down_notification"`);
        await queryRunner.query(`CREATE VIEW "step_down_notification" AS
            SELECT id, about_id AS step_down_id, audience, status, recipient_email, recipient_agency_id, message_id, created_at
              FROM "outbound_message" WHERE purpose = 'step_down.notice'`);

        await queryRunner.query(`INSERT INTO "outbound_message" ("id", "purpose", "about_type", "about_id", "audience", "recipient_ref", "dedupe_key", "recipient_email", "subject", "body_text", "body_html", "headers", "message_id", "status", "attempts", "sent_at", "last_error", "created_at", "updated_at")
            SELECT m.id, 'strategy.' || m.kind, 'strategy_discussion', m.discussion_id, CASE m.kind WHEN 'minutes' THEN 'invitee' ELSE 'requester' END, m.invitee_id,
                   CASE m.kind WHEN 'minutes' THEN 'strategy-minutes.' || m.discussion_id || '.' || m.invitee_id ELSE 'strategy-decline.' || m.discussion_id END,
                   m.recipient_email, m.subject, m.body_text, m.body_html, jsonb_build_object('X-MASH-Strategy-Discussion-Id', m.discussion_id::text),
                   m.message_id, m.status, m.attempts, m.sent_at, m.last_error, m.created_at, m.updated_at
              FROM "strategy_message" m`);
        await queryRunner.query(`INSERT INTO "outbox" ("queue", "job_name", "job_id", "payload")
            SELECT 'mail', 'send', 'mail.' || id, jsonb_build_object('messageId', id) FROM "outbound_message"
             WHERE purpose LIKE 'strategy.%' AND status IN ('pending', 'sending')`);
        await queryRunner.query(`DROP TABLE "strategy_message"`);
        await queryRunner.query(`CREATE VIEW "strategy_message" AS
            SELECT id, about_id AS discussion_id, split_part(purpose, '.', 2) AS kind, recipient_ref AS invitee_id, recipient_email, subject, body_text, body_html,
                   message_id, status, attempts, sent_at, last_error, created_at, updated_at
              FROM "outbound_message" WHERE purpose IN ('strategy.minutes', 'strategy.decline')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP VIEW "strategy_message"`);
        await queryRunner.query(`CREATE TABLE "strategy_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "discussion_id" uuid NOT NULL, "kind" text NOT NULL, "invitee_id" uuid, "recipient_email" text, "subject" text NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "message_id" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "sent_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d7cef20e3c5408ef1f3cd7b5632" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_strategy_message_decline" ON "strategy_message"  ("discussion_id") WHERE kind = 'decline'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_strategy_message_minutes" ON "strategy_message"  ("discussion_id", "invitee_id") WHERE kind = 'minutes'`);
        await queryRunner.query(`INSERT INTO "strategy_message" SELECT id, about_id, split_part(purpose, '.', 2), recipient_ref, recipient_email, subject, body_text, body_html, message_id, status, attempts, sent_at, last_error, created_at, updated_at
              FROM "outbound_message" WHERE purpose IN ('strategy.minutes', 'strategy.decline')`);

        await queryRunner.query(`DROP VIEW "step_down_notification"`);
        await queryRunner.query(`CREATE TABLE "step_down_notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "step_down_id" uuid NOT NULL, "audience" text NOT NULL, "status" text NOT NULL, "recipient_email" text, "recipient_agency_id" uuid, "message_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f16314ad732a692bee4d43ebcf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_step_down_notification" ON "step_down_notification"  ("step_down_id", "audience") `);
        // The old table knew only sent and no_address: notices still on their way are left out.
        await queryRunner.query(`INSERT INTO "step_down_notification" ("id", "step_down_id", "audience", "status", "recipient_email", "recipient_agency_id", "message_id", "created_at")
            SELECT id, about_id, audience, status, recipient_email, recipient_agency_id, message_id, created_at FROM "outbound_message"
             WHERE purpose = 'step_down.notice' AND status IN ('sent', 'no_address')`);

        await queryRunner.query(`DROP INDEX "public"."uq_outbound_message_dedupe_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbound_message_about"`);
        await queryRunner.query(`DROP TABLE "outbound_message"`);
    }

}
