import { MigrationInterface, QueryRunner } from "typeorm";

/** Feedback to referrers and involved agencies (SPEC §9, issue #9): one `feedback` row per intended message
 *  (acknowledgement or outcome; professional, public or involved-agency audience), with the content rendered at
 *  creation, the stable Message-ID, and the delivery state (attempts, the server's answer, sent time). The unique
 *  `dedupe_key` makes creation idempotent; CHECK constraints pin the vocabularies; (status, next_attempt_at) serves
 *  the sweep and the dashboard's failed count. Generated. */

export class Feedback1795347928182 implements MigrationInterface {
    name = 'Feedback1795347928182'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "feedback" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "subject_id" uuid, "decision_id" uuid, "kind" text NOT NULL, "audience" text NOT NULL, "recipient_agency_id" uuid, "recipient_email" text, "status" text NOT NULL DEFAULT 'pending', "dedupe_key" text NOT NULL, "template_version" text NOT NULL, "email_subject" text NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "message_id" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "attempt_limit" integer NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "server_response" text, "sent_at" TIMESTAMP WITH TIME ZONE, "resend_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_feedback_kind" CHECK (kind IN ('acknowledgement', 'outcome')), CONSTRAINT "ck_feedback_audience" CHECK (audience IN ('professional', 'public', 'involved_agency')), CONSTRAINT "ck_feedback_status" CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'not_possible_anonymous', 'waived')), CONSTRAINT "PK_8389f9e087a57689cd5be8b2b13" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_feedback_status" ON "feedback"  ("status", "next_attempt_at") `);
        await queryRunner.query(`CREATE INDEX "ix_feedback_decision" ON "feedback"  ("decision_id") `);
        await queryRunner.query(`CREATE INDEX "ix_feedback_contact" ON "feedback"  ("contact_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_feedback_dedupe_key" ON "feedback"  ("dedupe_key") `);
        await queryRunner.query(`ALTER TABLE "feedback" ADD CONSTRAINT "FK_ae130d1b10956df41882e521f76" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "feedback" DROP CONSTRAINT "FK_ae130d1b10956df41882e521f76"`);
        await queryRunner.query(`DROP INDEX "public"."uq_feedback_dedupe_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_feedback_contact"`);
        await queryRunner.query(`DROP INDEX "public"."ix_feedback_decision"`);
        await queryRunner.query(`DROP INDEX "public"."ix_feedback_status"`);
        await queryRunner.query(`DROP TABLE "feedback"`);
    }

}
