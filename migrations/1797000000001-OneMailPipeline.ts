import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Feedback e-mails move onto the one outbound-mail pipeline: each feedback row's e-mail, with its
 * delivery state and Message-ID, becomes the outbound_message about it (`about_type = 'feedback'`),
 * and the delivery columns leave the feedback table, which keeps what was said and to whom. A
 * message still waiting gets a `mail` job through the outbox (the `feedback` queue's old `send` jobs
 * left in Redis are refused as unknown). outbound_message gains the per-message retry round
 * (attempt_limit, backoff_seconds, next_attempt_at: the sweep re-queues a message well past it), the
 * account a message went to, and whether case content was withheld from an unverified address.
 * Agencies gain `email_domains`, the domains whose addresses may receive case content: empty until
 * an administrator sets them, so nothing is trusted that nobody chose.
 * Deleting a feedback row (retention) deletes its e-mail too.
 */
export class OneMailPipeline1797000000001 implements MigrationInterface {
    name = 'OneMailPipeline1797000000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "agency" ADD "email_domains" text array NOT NULL DEFAULT '{}'`);

        await queryRunner.query(`ALTER TABLE "outbound_message" ADD "recipient_account_id" uuid`);
        await queryRunner.query(`ALTER TABLE "outbound_message" ADD "case_content_withheld" boolean NOT NULL DEFAULT false`);
        // Messages queued before kept BullMQ's round: 8 attempts, 1 s doubling.
        await queryRunner.query(`ALTER TABLE "outbound_message" ADD "attempt_limit" integer NOT NULL DEFAULT 8`);
        await queryRunner.query(`ALTER TABLE "outbound_message" ALTER COLUMN "attempt_limit" DROP DEFAULT`);
        await queryRunner.query(`ALTER TABLE "outbound_message" ADD "backoff_seconds" jsonb NOT NULL DEFAULT '[1, 2, 4, 8, 16, 32, 64]'`);
        await queryRunner.query(`ALTER TABLE "outbound_message" ALTER COLUMN "backoff_seconds" DROP DEFAULT`);
        await queryRunner.query(`ALTER TABLE "outbound_message" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`UPDATE "outbound_message" SET "next_attempt_at" = coalesce("last_attempt_at", "created_at") WHERE "status" = 'pending'`);
        await queryRunner.query(`CREATE INDEX "ix_outbound_message_due" ON "outbound_message" ("status", "next_attempt_at")`);

        // Feedback's policy as config/feedback-templates/feedback.yaml shipped it.
        await queryRunner.query(`INSERT INTO "outbound_message" ("purpose", "about_type", "about_id", "audience", "dedupe_key", "recipient_email", "recipient_agency_id",
                "subject", "body_text", "body_html", "headers", "message_id", "status", "attempts", "attempt_limit", "backoff_seconds", "next_attempt_at",
                "last_attempt_at", "last_error", "server_response", "sent_at", "created_at", "updated_at")
            SELECT 'feedback.' || f.kind, 'feedback', f.id, f.audience, 'feedback.' || f.id, f.recipient_email, f.recipient_agency_id,
                   f.email_subject, f.body_text, f.body_html, jsonb_build_object('X-MASH-Feedback-Id', f.id::text), f.message_id,
                   CASE f.status WHEN 'not_possible_anonymous' THEN 'no_address' WHEN 'waived' THEN 'failed' ELSE f.status END,
                   f.attempts, f.attempt_limit, '[60, 300, 900, 1800, 3600, 7200, 14400]'::jsonb, f.next_attempt_at,
                   f.last_attempt_at, CASE f.status WHEN 'waived' THEN coalesce(f.last_error, 'Waived.') ELSE f.last_error END, f.server_response, f.sent_at, f.created_at, f.updated_at
              FROM "feedback" f`);
        await queryRunner.query(`INSERT INTO "outbox" ("queue", "job_name", "job_id", "payload")
            SELECT 'mail', 'send', 'mail.' || id || '.migrated', jsonb_build_object('messageId', id) FROM "outbound_message"
             WHERE about_type = 'feedback' AND status IN ('pending', 'sending')`);

        await queryRunner.query(`DROP INDEX "public"."ix_feedback_status"`);
        await queryRunner.query(`ALTER TABLE "feedback" DROP CONSTRAINT "ck_feedback_status"`);
        for (const column of ['recipient_email', 'status', 'attempts', 'sent_at', 'attempt_limit', 'next_attempt_at', 'last_error', 'last_attempt_at', 'message_id', 'server_response']) {
            await queryRunner.query(`ALTER TABLE "feedback" DROP COLUMN "${column}"`);
        }

        await queryRunner.query(`CREATE FUNCTION feedback_delete_message() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM outbound_message WHERE about_type = 'feedback' AND about_id = OLD.id;
                RETURN OLD;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER feedback_delete_message AFTER DELETE ON "feedback" FOR EACH ROW EXECUTE FUNCTION feedback_delete_message()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER feedback_delete_message ON "feedback"`);
        await queryRunner.query(`DROP FUNCTION feedback_delete_message()`);

        await queryRunner.query(`ALTER TABLE "feedback" ADD "server_response" text`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "message_id" text`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "last_attempt_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "last_error" text`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "attempt_limit" integer`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "sent_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "attempts" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "status" text NOT NULL DEFAULT 'pending'`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD "recipient_email" text`);
        await queryRunner.query(`UPDATE "feedback" f SET "server_response" = m.server_response, "message_id" = m.message_id, "last_attempt_at" = m.last_attempt_at,
                "last_error" = m.last_error, "next_attempt_at" = m.next_attempt_at, "attempt_limit" = m.attempt_limit, "sent_at" = m.sent_at, "attempts" = m.attempts,
                "status" = CASE m.status WHEN 'no_address' THEN 'not_possible_anonymous' ELSE m.status END, "recipient_email" = m.recipient_email
              FROM "outbound_message" m WHERE m.about_type = 'feedback' AND m.about_id = f.id`);
        await queryRunner.query(`UPDATE "feedback" SET "message_id" = '<feedback.' || id || '@unknown>', "attempt_limit" = 8 WHERE "message_id" IS NULL`);
        await queryRunner.query(`ALTER TABLE "feedback" ALTER COLUMN "message_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "feedback" ALTER COLUMN "attempt_limit" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "feedback" ADD CONSTRAINT "ck_feedback_status" CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'not_possible_anonymous', 'waived'))`);
        await queryRunner.query(`CREATE INDEX "ix_feedback_status" ON "feedback" ("status", "next_attempt_at")`);
        await queryRunner.query(`INSERT INTO "outbox" ("queue", "job_name", "job_id", "payload")
            SELECT 'feedback', 'send', 'feedback.' || id || '.' || (attempts + 1) || '.restored', jsonb_build_object('feedbackId', id, 'attempt', attempts + 1) FROM "feedback"
             WHERE status IN ('pending', 'sending')`);
        await queryRunner.query(`DELETE FROM "outbound_message" WHERE about_type = 'feedback'`);

        await queryRunner.query(`DROP INDEX "public"."ix_outbound_message_due"`);
        for (const column of ['next_attempt_at', 'backoff_seconds', 'attempt_limit', 'case_content_withheld', 'recipient_account_id']) {
            await queryRunner.query(`ALTER TABLE "outbound_message" DROP COLUMN "${column}"`);
        }
        await queryRunner.query(`ALTER TABLE "agency" DROP COLUMN "email_domains"`);
    }

}
