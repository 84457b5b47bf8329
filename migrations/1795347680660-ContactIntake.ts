import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Contact intake (issue #3): information added after a contact was received (contact_information, and
 * information_id on the concerns and evidence it brought), a free description for a child whose name is
 * not known, an index to find an identical submission from the same submitter (possible duplicates,
 * SPEC INT-8), and the yearly sequences that number references MASH-<year>-<n> (SPEC INT-7). The
 * sequences for 2026-2035 are made here; intake creates a later year's sequence itself when first needed.
 * Generated, then the sequences added by hand.
 */
export class ContactIntake1795347680660 implements MigrationInterface {
    name = 'ContactIntake1795347680660'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "contact_information" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL, "source" text NOT NULL, "added_by_user_id" uuid, "added_by_role" text NOT NULL, "note" text, CONSTRAINT "PK_43f6534cbd3e6f9205afeb87cf0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_contact_information_contact" ON "contact_information"  ("contact_id", "added_at") `);
        await queryRunner.query(`ALTER TABLE "contact_evidence" ADD "information_id" uuid`);
        await queryRunner.query(`ALTER TABLE "contact_subject" ADD "description" text`);
        await queryRunner.query(`ALTER TABLE "contact_concern" ADD "information_id" uuid`);
        await queryRunner.query(`CREATE INDEX "ix_contact_request_hash" ON "contact"  ("request_hash", "received_at") `);
        await queryRunner.query(`ALTER TABLE "contact_information" ADD CONSTRAINT "FK_0dbd0b65421822be8a0c3a14b8b" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        for (let year = 2026; year <= 2035; year++) {
            await queryRunner.query(`CREATE SEQUENCE IF NOT EXISTS contact_reference_${year} AS bigint MINVALUE 1`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (let year = 2026; year <= 2035; year++) {
            await queryRunner.query(`DROP SEQUENCE IF EXISTS contact_reference_${year}`);
        }
        await queryRunner.query(`ALTER TABLE "contact_information" DROP CONSTRAINT "FK_0dbd0b65421822be8a0c3a14b8b"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_request_hash"`);
        await queryRunner.query(`ALTER TABLE "contact_concern" DROP COLUMN "information_id"`);
        await queryRunner.query(`ALTER TABLE "contact_subject" DROP COLUMN "description"`);
        await queryRunner.query(`ALTER TABLE "contact_evidence" DROP COLUMN "information_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_contact_information_contact"`);
        await queryRunner.query(`DROP TABLE "contact_information"`);
    }

}
