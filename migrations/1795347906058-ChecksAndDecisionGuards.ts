import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Agency checks and the threshold-decision guards (issue #6; SPEC CHK-1 to CHK-5, DEC-1 to DEC-6,
 * RAG-6). Creates agency_check (request, answer, waiver, due time) and adds to threshold_decision the
 * decision-form fields the guards read (risk analysis, reasons, alternative support, reason codes,
 * child seen alone, checks done, strategy considered, history reviewed, the referrer's view), the
 * override and approval fields, and supersession links. Every added column is nullable or defaulted,
 * so rows written with the original columns stay valid. Generated, then edited by hand to add:
 *  - threshold_decision_signed_off: a trigger making `final` and `superseded` rows read-only (DEC-5);
 *    the one change allowed is final -> superseded, setting superseded_by_id (and superseded_at)
 *    once and nothing else; DELETE of such rows and TRUNCATE of the table are refused too;
 *  - the partial unique indexes (from the entity) that keep one current decision per child.
 */

export class ChecksAndDecisionGuards1795347906058 implements MigrationInterface {
    name = 'ChecksAndDecisionGuards1795347906058'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "agency_check" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "agency_id" uuid, "agency_type" text NOT NULL, "check_type" text NOT NULL, "subject_ids" uuid array NOT NULL DEFAULT '{}', "subject_person_ids" uuid array NOT NULL DEFAULT '{}', "household_member_ids" uuid array NOT NULL DEFAULT '{}', "reason" text NOT NULL, "questions" text array NOT NULL, "lawful_basis" text NOT NULL, "requested_by_user_id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at_source" text NOT NULL, "status" text NOT NULL DEFAULT 'requested', "response_summary" text, "response_reason" text, "responded_by_user_id" uuid, "responded_by_agency_id" uuid, "responded_at" TIMESTAMP WITH TIME ZONE, "waived_by_user_id" uuid, "waived_at" TIMESTAMP WITH TIME ZONE, "waiver_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_347110619b21ccb69a49aba4151" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_agency_check_agency_type" ON "agency_check"  ("agency_type", "requested_at") WHERE agency_id IS NULL`);
        await queryRunner.query(`CREATE INDEX "ix_agency_check_agency" ON "agency_check"  ("agency_id", "requested_at") `);
        await queryRunner.query(`CREATE INDEX "ix_agency_check_contact" ON "agency_check"  ("contact_id", "requested_at") `);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "grade_at_decision" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "flags_at_decision" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "history_reviewed" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "risk_analysis" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "reasons_threshold_not_met" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "alternative_support" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "reason_codes" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "reason_catalogue_version" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "child_seen_alone" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "child_seen_alone_why_not" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "checks_done" boolean`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "strategy_discussion_considered" boolean`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "referrer_said_child_protection" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "referrer_disagreement_addressed" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "lead_professional" jsonb`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "overridden_rules" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "override_reason" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "overridden_by_user_id" uuid`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "approval_reasons" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "approvals_required" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "requires_second_manager" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "approved_by_user_ids" uuid array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "approval_id" uuid`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "supersede_reason" text`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "superseded_by_id" uuid`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "superseded_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "ix_threshold_decision_overrides" ON "threshold_decision"  ("decided_at") WHERE cardinality(overridden_rules) > 0`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_threshold_decision_successor" ON "threshold_decision"  ("supersedes_id") WHERE status IN ('pending_approval', 'final')`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_threshold_decision_current" ON "threshold_decision"  ("subject_id") WHERE status = 'final' OR (status = 'pending_approval' AND supersedes_id IS NULL)`);
        await queryRunner.query(`ALTER TABLE "agency_check" ADD CONSTRAINT "FK_32745253dca8e9aca09eafbf2e5" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agency_check" ADD CONSTRAINT "FK_0d3555a1c94e328d8ec37740958" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // DEC-5 by hand: signed-off decisions are read-only; only final -> superseded (once) is allowed.
        await queryRunner.query(`CREATE FUNCTION threshold_decision_signed_off() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                kept text[] := ARRAY['status', 'superseded_by_id', 'superseded_at'];
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    RAISE EXCEPTION 'threshold_decision is read-only once signed off (SPEC DEC-5): TRUNCATE refused' USING ERRCODE = '55000';
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
        await queryRunner.query(`CREATE TRIGGER threshold_decision_signed_off BEFORE UPDATE OR DELETE ON "threshold_decision" FOR EACH ROW EXECUTE FUNCTION threshold_decision_signed_off()`);
        await queryRunner.query(`CREATE TRIGGER threshold_decision_no_truncate BEFORE TRUNCATE ON "threshold_decision" FOR EACH STATEMENT EXECUTE FUNCTION threshold_decision_signed_off()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER threshold_decision_no_truncate ON "threshold_decision"`);
        await queryRunner.query(`DROP TRIGGER threshold_decision_signed_off ON "threshold_decision"`);
        await queryRunner.query(`DROP FUNCTION threshold_decision_signed_off()`);
        await queryRunner.query(`ALTER TABLE "agency_check" DROP CONSTRAINT "FK_0d3555a1c94e328d8ec37740958"`);
        await queryRunner.query(`ALTER TABLE "agency_check" DROP CONSTRAINT "FK_32745253dca8e9aca09eafbf2e5"`);
        await queryRunner.query(`DROP INDEX "public"."uq_threshold_decision_current"`);
        await queryRunner.query(`DROP INDEX "public"."uq_threshold_decision_successor"`);
        await queryRunner.query(`DROP INDEX "public"."ix_threshold_decision_overrides"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "superseded_at"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "superseded_by_id"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "supersede_reason"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "approval_id"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "approved_by_user_ids"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "requires_second_manager"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "approvals_required"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "approval_reasons"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "overridden_by_user_id"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "override_reason"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "overridden_rules"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "lead_professional"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "referrer_disagreement_addressed"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "referrer_said_child_protection"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "strategy_discussion_considered"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "checks_done"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "child_seen_alone_why_not"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "child_seen_alone"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "reason_catalogue_version"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "reason_codes"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "alternative_support"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "reasons_threshold_not_met"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "risk_analysis"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "history_reviewed"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "flags_at_decision"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "grade_at_decision"`);
        await queryRunner.query(`DROP INDEX "public"."ix_agency_check_contact"`);
        await queryRunner.query(`DROP INDEX "public"."ix_agency_check_agency"`);
        await queryRunner.query(`DROP INDEX "public"."ix_agency_check_agency_type"`);
        await queryRunner.query(`DROP TABLE "agency_check"`);
    }

}
