import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Accounts without shared secrets (SPEC SEC-1, SEC-4): single-use password links, role grants that
 * a second administrator approves, a token version that ends every earlier token, and the counters
 * behind the login back-off and lock-out. Existing users keep their passwords. Generated.
 */

export class AccountsAndTokens1796452390173 implements MigrationInterface {
    name = 'AccountsAndTokens1796452390173'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "account_link" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "purpose" text NOT NULL,
                "nonce" text NOT NULL,
                "token_hash" text NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1af91112f0eef7205c6b0abcbfa" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_account_link_user" ON "account_link" ("user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_account_link_token_hash" ON "account_link" ("token_hash")
        `);
        await queryRunner.query(`
            CREATE TABLE "role_grant" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "role" text NOT NULL,
                "kind" text NOT NULL,
                "access_expires_at" TIMESTAMP WITH TIME ZONE,
                "requested_by_user_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "decided_by_user_id" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b9e50aafa723c536731c38529fb" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_role_grant_pending" ON "role_grant" ("user_id")
            WHERE status = 'pending'
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "token_version" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "failed_login_count" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "locked_until" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "created_by_user_id" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ALTER COLUMN "password_hash" DROP NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ALTER COLUMN "password_hash"
            SET NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "created_by_user_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "locked_until"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "failed_login_count"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "token_version"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_role_grant_pending"
        `);
        await queryRunner.query(`
            DROP TABLE "role_grant"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_account_link_token_hash"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_account_link_user"
        `);
        await queryRunner.query(`
            DROP TABLE "account_link"
        `);
    }

}
