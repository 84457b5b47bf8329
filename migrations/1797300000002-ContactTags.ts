import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * contact_tag: the malicious/vexatious tag of SPEC INT-10, proposed with evidence and standing once a
 * manager approves it; at most one proposed or approved tag of a kind per contact.
 */
export class ContactTags1797300000002 implements MigrationInterface {
    name = 'ContactTags1797300000002'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "contact_tag" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "evidence" text NOT NULL, "proposed_by_user_id" uuid NOT NULL, "approval_id" uuid, "decided_by_user_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_comments" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e46544545a47cff21d83da44cf1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_contact_tag_open" ON "contact_tag"  ("contact_id", "kind") WHERE status IN ('proposed', 'approved')`);
        await queryRunner.query(`CREATE INDEX "ix_contact_tag_contact" ON "contact_tag"  ("contact_id", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_contact_tag_contact"`);
        await queryRunner.query(`DROP INDEX "public"."uq_contact_tag_open"`);
        await queryRunner.query(`DROP TABLE "contact_tag"`);
    }
}
