import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Web sessions (SPEC WEB-3), in the shape connect-pg-simple reads and writes: the session id, its
 * JSON (the signed-in user's id, CSRF token, answers of a referral in progress) and when it expires.
 * No entity: only the session store and the worker's sweep (expired rows) touch it.
 */
export class WebSessions1796500000000 implements MigrationInterface {
    name = 'WebSessions1796500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "web_session" ("sid" character varying NOT NULL, "sess" json NOT NULL, "expire" TIMESTAMP(6) NOT NULL, CONSTRAINT "PK_web_session" PRIMARY KEY ("sid"))`);
        await queryRunner.query(`CREATE INDEX "ix_web_session_expire" ON "web_session" ("expire") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "web_session"`);
    }
}
