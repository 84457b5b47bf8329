import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The audit sealer's work list (audit_unsealed), filled by a statement-level trigger on audit_event,
 * so the sealer no longer scans an hour of events with an anti-join every second (bench/README.md,
 * "Triage"). Events already unsealed are queued by the migration.
 *
 * Not in one transaction: the trigger is created (a short lock on audit_event) and committed first,
 * so appends go on while the existing trail is scanned for the events to queue; an event appended
 * meanwhile is queued by the trigger and skipped by the scan (ON CONFLICT). Each step can be re-run.
 */
export class AuditSealQueue1796400000000 implements MigrationInterface {
    name = 'AuditSealQueue1796400000000'
    transaction = false as const

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE IF NOT EXISTS "audit_unsealed" ("event_id" uuid NOT NULL, "seq" bigint NOT NULL, CONSTRAINT "PK_audit_unsealed" PRIMARY KEY ("event_id"))`);
        await queryRunner.query(`CREATE INDEX IF NOT EXISTS "ix_audit_unsealed_seq" ON "audit_unsealed" ("seq") `);
        await queryRunner.query(`CREATE OR REPLACE FUNCTION queue_audit_events_for_seal() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO audit_unsealed (event_id, seq) SELECT id, seq FROM appended;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`DROP TRIGGER IF EXISTS audit_event_queue_for_seal ON "audit_event"`);
        await queryRunner.query(`CREATE TRIGGER audit_event_queue_for_seal AFTER INSERT ON "audit_event" REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION queue_audit_events_for_seal()`);
        await queryRunner.query(`INSERT INTO audit_unsealed (event_id, seq)
            SELECT e.id, e.seq FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal_event s WHERE s.event_id = e.id)
            ON CONFLICT (event_id) DO NOTHING`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER audit_event_queue_for_seal ON "audit_event"`);
        await queryRunner.query(`DROP FUNCTION queue_audit_events_for_seal()`);
        await queryRunner.query(`DROP TABLE "audit_unsealed"`);
    }
}
