import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The relay claims outbox rows in the order they were added. created_at is the transaction's start,
 * the same for every row of one transaction, and Postgres returns equal rows in page order, which
 * is not always the order of insertion; so a batch of jobs (acknowledgements, contacts to grade)
 * could reach the worker shuffled. A sequence breaks the tie.
 */
export class OutboxClaimOrder1798500000001 implements MigrationInterface {
    name = 'OutboxClaimOrder1798500000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox" ADD "seq" BIGSERIAL NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "seq"`);
    }
}
