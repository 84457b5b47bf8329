import { MigrationInterface, QueryRunner } from "typeorm";

/** Triage (issue #5) and the working-day calendar's clocks. contact_triage (one row per graded contact; its primary
 *  key is the "graded once" guard of REL-3), subject_grade (per child: provisional grade, fired rules, flags and
 *  facts snapshot, grade in effect) with its append-only history subject_grade_change, approval (generic manager
 *  approvals, one pending per kind and target), sla_clock (every RAG-5 clock; the sweep reads the partial index
 *  ix_sla_clock_sweep and breaches with a conditional UPDATE) and notification (in-app; one per user and clock).
 *  Rows cascade with their contact, subject or user. Generated, then read. */

export class TriageCalendar1795348032332 implements MigrationInterface {
    name = 'TriageCalendar1795348032332'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" text NOT NULL, "clock_id" uuid, "contact_id" uuid, "message" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_notification_clock" ON "notification"  ("user_id", "kind", "clock_id") WHERE clock_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_notification_user" ON "notification"  ("user_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "sla_clock" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "target_type" text NOT NULL, "target_id" uuid NOT NULL, "contact_id" uuid, "holder_user_id" uuid, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration" jsonb, "met_at" TIMESTAMP WITH TIME ZONE, "breached_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c2a8a96fd7eadc64be20e2fbd60" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_sla_clock_contact" ON "sla_clock"  ("contact_id") `);
        await queryRunner.query(`CREATE INDEX "ix_sla_clock_sweep" ON "sla_clock"  ("due_at") WHERE breached_at IS NULL AND met_at IS NULL AND cancelled_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_sla_clock_open" ON "sla_clock"  ("kind", "target_type", "target_id") WHERE met_at IS NULL AND cancelled_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "approval" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "target_type" text NOT NULL, "target_id" uuid NOT NULL, "contact_id" uuid, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "requested_by_user_id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by_user_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "comments" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_97bfd1cd9dff3c1302229da6b5c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_approval_pending_target" ON "approval"  ("kind", "target_type", "target_id") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE INDEX "ix_approval_contact" ON "approval"  ("contact_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_approval_pending" ON "approval"  ("status", "requested_at") `);
        await queryRunner.query(`CREATE TABLE "contact_triage" ("contact_id" uuid NOT NULL, "grade" text NOT NULL, "provisional_grade" text NOT NULL, "decision_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decision_clock_id" uuid NOT NULL, "assigned_to_user_id" uuid, "assigned_at" TIMESTAMP WITH TIME ZONE, "framework_version" text NOT NULL, "graded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa01932d1c8d19194de6469f1e1" PRIMARY KEY ("contact_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_contact_triage_assignee" ON "contact_triage"  ("assigned_to_user_id", "decision_due_at") `);
        await queryRunner.query(`CREATE INDEX "ix_contact_triage_due" ON "contact_triage"  ("decision_due_at", "contact_id") `);
        await queryRunner.query(`CREATE TABLE "subject_grade" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "person_id" uuid, "provisional_grade" text NOT NULL, "fired_rules" jsonb NOT NULL, "flags" jsonb NOT NULL, "facts" jsonb NOT NULL, "grade" text NOT NULL, "confirmed_grade" text, "criterion" text, "rationale" text, "confirmed_by_user_id" uuid, "confirmed_at" TIMESTAMP WITH TIME ZONE, "approved_floor" text, "framework_version" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_28d930d238627fc4b8eee121e0e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_subject_grade_subject" ON "subject_grade"  ("subject_id") `);
        await queryRunner.query(`CREATE INDEX "ix_subject_grade_person" ON "subject_grade"  ("person_id") `);
        await queryRunner.query(`CREATE INDEX "ix_subject_grade_contact" ON "subject_grade"  ("contact_id") `);
        await queryRunner.query(`CREATE TABLE "subject_grade_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_grade_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "kind" text NOT NULL, "from_grade" text, "to_grade" text NOT NULL, "criterion" text, "rationale" text, "by_user_id" uuid, "approval_id" uuid, "framework_version" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7300dc31f36fca3dfa4b922094e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_subject_grade_change_subject" ON "subject_grade_change"  ("subject_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "sla_clock" ADD CONSTRAINT "FK_6e165631f2262d4f280f86115b3" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approval" ADD CONSTRAINT "FK_e607da1b47578a6280f114fa013" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "contact_triage" ADD CONSTRAINT "FK_aa01932d1c8d19194de6469f1e1" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "subject_grade" ADD CONSTRAINT "FK_f4f7e4de5e330ed16de28727971" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "subject_grade" ADD CONSTRAINT "FK_30a2c8c5c71dac884d541879074" FOREIGN KEY ("subject_id") REFERENCES "contact_subject"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "subject_grade_change" ADD CONSTRAINT "FK_2014cc23a3ba6fe121428f4dc53" FOREIGN KEY ("subject_grade_id") REFERENCES "subject_grade"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "subject_grade_change" DROP CONSTRAINT "FK_2014cc23a3ba6fe121428f4dc53"`);
        await queryRunner.query(`ALTER TABLE "subject_grade" DROP CONSTRAINT "FK_30a2c8c5c71dac884d541879074"`);
        await queryRunner.query(`ALTER TABLE "subject_grade" DROP CONSTRAINT "FK_f4f7e4de5e330ed16de28727971"`);
        await queryRunner.query(`ALTER TABLE "contact_triage" DROP CONSTRAINT "FK_aa01932d1c8d19194de6469f1e1"`);
        await queryRunner.query(`ALTER TABLE "approval" DROP CONSTRAINT "FK_e607da1b47578a6280f114fa013"`);
        await queryRunner.query(`ALTER TABLE "sla_clock" DROP CONSTRAINT "FK_6e165631f2262d4f280f86115b3"`);
        await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8"`);
        await queryRunner.query(`DROP INDEX "public"."ix_subject_grade_change_subject"`);
        await queryRunner.query(`DROP TABLE "subject_grade_change"`);
        await queryRunner.query(`DROP INDEX "public"."ix_subject_grade_contact"`);
        await queryRunner.query(`DROP INDEX "public"."ix_subject_grade_person"`);
        await queryRunner.query(`DROP INDEX "public"."uq_subject_grade_subject"`);
        await queryRunner.query(`DROP TABLE "subject_grade"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_triage_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_triage_assignee"`);
        await queryRunner.query(`DROP TABLE "contact_triage"`);
        await queryRunner.query(`DROP INDEX "public"."ix_approval_pending"`);
        await queryRunner.query(`DROP INDEX "public"."ix_approval_contact"`);
        await queryRunner.query(`DROP INDEX "public"."uq_approval_pending_target"`);
        await queryRunner.query(`DROP TABLE "approval"`);
        await queryRunner.query(`DROP INDEX "public"."uq_sla_clock_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_sla_clock_sweep"`);
        await queryRunner.query(`DROP INDEX "public"."ix_sla_clock_contact"`);
        await queryRunner.query(`DROP TABLE "sla_clock"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notification_user"`);
        await queryRunner.query(`DROP INDEX "public"."uq_notification_clock"`);
        await queryRunner.query(`DROP TABLE "notification"`);
    }

}
