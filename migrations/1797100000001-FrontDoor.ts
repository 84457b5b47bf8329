import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Nothing falls through the front door.
 *  - contact_subject.household_member_id: a child listed in the household is a subject of its own
 *    (graded and decided, SPEC INT-4); the household row it came from.
 *  - contact.follows_contact_id: information on a contact whose children are all decided opens a new
 *    contact that follows it.
 *  - contact.grading_failed_at / grading_failure_reason: automatic grading gave up; graded by hand.
 *  - subject_grade.awaiting_confirmation: the rules raised the grade after new information; a worker
 *    confirms it.
 */
export class FrontDoor1797100000001 implements MigrationInterface {
    name = 'FrontDoor1797100000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "contact_subject" ADD "household_member_id" uuid`);
        await queryRunner.query(`ALTER TABLE "contact" ADD "follows_contact_id" uuid`);
        await queryRunner.query(`ALTER TABLE "contact" ADD "grading_failed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "contact" ADD "grading_failure_reason" text`);
        await queryRunner.query(`ALTER TABLE "subject_grade" ADD "awaiting_confirmation" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`CREATE INDEX "ix_contact_follows" ON "contact"  ("follows_contact_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_contact_follows"`);
        await queryRunner.query(`ALTER TABLE "subject_grade" DROP COLUMN "awaiting_confirmation"`);
        await queryRunner.query(`ALTER TABLE "contact" DROP COLUMN "grading_failure_reason"`);
        await queryRunner.query(`ALTER TABLE "contact" DROP COLUMN "grading_failed_at"`);
        await queryRunner.query(`ALTER TABLE "contact" DROP COLUMN "follows_contact_id"`);
        await queryRunner.query(`ALTER TABLE "contact_subject" DROP COLUMN "household_member_id"`);
    }

}
