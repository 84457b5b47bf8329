import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Foundation: agencies, users, the append-only audit trail (events, seals, seal membership) and the
 * transactional outbox. Generated, then edited by hand to add:
 *  - triggers that refuse UPDATE, DELETE and TRUNCATE on the audit tables (SPEC MGT-4);
 *  - a NOTIFY on outbox insert so the relay wakes at once instead of waiting for its poll.
 */

export class Foundation1795345320879 implements MigrationInterface {
    name = 'Foundation1795345320879'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" text NOT NULL, "job_name" text NOT NULL, "job_id" text NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_outbox_pending" ON "outbox"  ("available_at") WHERE dispatched_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "audit_event" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_user_id" uuid, "actor_role" text NOT NULL, "actor_agency_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "summary" jsonb NOT NULL DEFAULT '{}', "request_id" text, "ip" text, "content_hash" character(64) NOT NULL, CONSTRAINT "UQ_53300da00860bdf4dc3ef7daae6" UNIQUE ("seq"), CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_event_occurred_at" ON "audit_event"  ("occurred_at") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_event_entity" ON "audit_event"  ("entity_type", "entity_id", "occurred_at") `);
        await queryRunner.query(`CREATE TABLE "audit_seal_event" ("event_id" uuid NOT NULL, "seal_no" bigint NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_5520adac223244f2b0603936523" PRIMARY KEY ("event_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ix_audit_seal_event_seal" ON "audit_seal_event"  ("seal_no", "position") `);
        await queryRunner.query(`CREATE TABLE "audit_seal" ("seal_no" bigint NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "previous_hash" character(64) NOT NULL, "event_count" integer NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_60f8a6f0f03db04db048ff95fac" PRIMARY KEY ("seal_no"))`);
        await queryRunner.query(`CREATE TABLE "agency" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "type" text NOT NULL, "email" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab1244724d1c216e9720635a2e5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "agency_id" uuid NOT NULL, "password_hash" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "access_expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user"  ("email") `);
        await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "FK_6c389af3b251d151c0627d856f5" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
        for (const table of ["audit_event", "audit_seal", "audit_seal_event"]) {
            await queryRunner.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
            await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
        }
        await queryRunner.query(`CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('outbox_pending', '');
                RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER outbox_notify ON "outbox"`);
        await queryRunner.query(`DROP FUNCTION notify_outbox()`);
        for (const table of ["audit_event", "audit_seal", "audit_seal_event"]) {
            await queryRunner.query(`DROP TRIGGER ${table}_append_only ON "${table}"`);
            await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
        }
        await queryRunner.query(`DROP FUNCTION refuse_change()`);
        await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_6c389af3b251d151c0627d856f5"`);
        await queryRunner.query(`DROP INDEX "public"."uq_app_user_email"`);
        await queryRunner.query(`DROP TABLE "app_user"`);
        await queryRunner.query(`DROP TABLE "agency"`);
        await queryRunner.query(`DROP TABLE "audit_seal"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_seal_event_seal"`);
        await queryRunner.query(`DROP TABLE "audit_seal_event"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_event_entity"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_event_occurred_at"`);
        await queryRunner.query(`DROP TABLE "audit_event"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_pending"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
    }

}
