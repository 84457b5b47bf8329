import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The login role API and worker connect as (APP_DB_USER, default mash_app; password from
 * APP_DB_PASSWORD when set). It owns nothing, so it cannot ALTER a table, disable a trigger or
 * drop one; it is no superuser, so it cannot SET session_replication_role either. It gets only
 * what each table needs:
 *  - the audit trail (audit_event, audit_seal, audit_seal_event): SELECT and INSERT;
 *  - the sealer's work list (audit_unsealed): SELECT, INSERT and DELETE;
 *  - threshold_decision: no DELETE (its trigger already makes signed-off rows read-only);
 *  - typeorm_migrations: SELECT;
 *  - every other table: SELECT, INSERT, UPDATE, DELETE (and tables later migrations create, through
 *    default privileges: a later append-only table must revoke like the audit tables below).
 * Re-run safe, and safe when the role already exists (created by a cluster administrator on a
 * managed Postgres where the owner may not create roles: see README, "Database roles").
 */
export class AppRole1796500000000 implements MigrationInterface {
    name = 'AppRole1796500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        const role = appRole();
        await queryRunner.query(`DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
                    CREATE ROLE "${role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created by a concurrent migration of another database
            END $$`);
        const password = process.env.APP_DB_PASSWORD;
        if (password) {
            const [{ sql }] = await queryRunner.query(`SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', $1::text, $2::text) AS sql`, [role, password]);
            await queryRunner.query(sql);
        }
        await queryRunner.query(`DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO "${role}"', current_database()); END $$`);
        await queryRunner.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
        await queryRunner.query(`GRANT USAGE ON SCHEMA public TO "${role}"`);
        await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}"`);
        await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${role}"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${role}"`);
        await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event", "audit_seal", "audit_seal_event" FROM "${role}"`);
        await queryRunner.query(`REVOKE UPDATE, TRUNCATE ON "audit_unsealed" FROM "${role}"`);
        await queryRunner.query(`REVOKE DELETE, TRUNCATE ON "threshold_decision" FROM "${role}"`);
        await queryRunner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "typeorm_migrations" FROM "${role}"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        const role = appRole();
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM "${role}"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM "${role}"`);
        await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "${role}"`);
        await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "${role}"`);
        await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM "${role}"`);
        await queryRunner.query(`DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM "${role}"', current_database()); END $$`);
        // The role itself stays: other databases of the cluster may use it.
    }
}

/** APP_DB_USER, checked like the configuration checks it (it is written into SQL). */
function appRole(): string {
    const role = process.env.APP_DB_USER ?? 'mash_app';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`APP_DB_USER: must be a lower-case Postgres role name`);
    return role;
}
