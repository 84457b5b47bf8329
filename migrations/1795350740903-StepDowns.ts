import { MigrationInterface, QueryRunner } from "typeorm";

/** Step-up and step-down (SPEC §8, issue #8): the `step_down` workflow row (pending_acceptance until the named
 *  lead professional or the receiving agency accepts; rejection, declined consent or the hard-limit sweep set
 *  requeued_at exactly once and link the new contact in requeue_contact_id); `step_down_notification`, one row per
 *  audience (GP, school/setting, referrer) told the lead professional after acceptance, unique so a re-run job never
 *  sends twice; and two columns on child_status_transition (the lead professional's agency, the step-down an
 *  acceptance came from). The partial index on hard_limit_at serves the sweep; one step-down per decision. Generated. */

export class StepDowns1795350740903 implements MigrationInterface {
    name = 'StepDowns1795350740903'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "step_down_notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "step_down_id" uuid NOT NULL, "audience" text NOT NULL, "status" text NOT NULL, "recipient_email" text, "recipient_agency_id" uuid, "message_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f16314ad732a692bee4d43ebcf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_step_down_notification" ON "step_down_notification"  ("step_down_id", "audience") `);
        await queryRunner.query(`CREATE TABLE "step_down" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "person_id" uuid, "decision_id" uuid, "status" text NOT NULL DEFAULT 'pending_acceptance', "receiving_agency_id" uuid, "lead_professional_user_id" uuid, "lead_professional_name" text NOT NULL, "lead_professional_email" text, "risk_handover" text, "plan" jsonb NOT NULL DEFAULT '{"actions": []}', "review_date" date, "created_by_user_id" uuid NOT NULL, "overridden_rules" text array NOT NULL DEFAULT '{}', "override_reason" text, "acceptance_due_at" TIMESTAMP WITH TIME ZONE, "hard_limit_at" TIMESTAMP WITH TIME ZONE, "responded_at" TIMESTAMP WITH TIME ZONE, "responded_by_user_id" uuid, "rejection_reason" text, "consent_declined_at" TIMESTAMP WITH TIME ZONE, "consent_declined_note" text, "requeued_at" TIMESTAMP WITH TIME ZONE, "requeue_reason" text, "requeue_contact_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d082811de124cc5438ca2f22448" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_step_down_decision" ON "step_down"  ("decision_id") WHERE decision_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_step_down_receiving_agency" ON "step_down"  ("receiving_agency_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_step_down_pending" ON "step_down"  ("hard_limit_at") WHERE status = 'pending_acceptance' AND requeued_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "ix_step_down_person" ON "step_down"  ("person_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "child_status_transition" ADD "lead_professional_agency_id" uuid`);
        await queryRunner.query(`ALTER TABLE "child_status_transition" ADD "step_down_id" uuid`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "child_status_transition" DROP COLUMN "step_down_id"`);
        await queryRunner.query(`ALTER TABLE "child_status_transition" DROP COLUMN "lead_professional_agency_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_step_down_person"`);
        await queryRunner.query(`DROP INDEX "public"."ix_step_down_pending"`);
        await queryRunner.query(`DROP INDEX "public"."ix_step_down_receiving_agency"`);
        await queryRunner.query(`DROP INDEX "public"."uq_step_down_decision"`);
        await queryRunner.query(`DROP TABLE "step_down"`);
        await queryRunner.query(`DROP INDEX "public"."uq_step_down_notification"`);
        await queryRunner.query(`DROP TABLE "step_down_notification"`);
    }

}
