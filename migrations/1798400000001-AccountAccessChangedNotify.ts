import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Postgres tells every API process when an account's access changes (SPEC SEC-1): the access guard
 * keeps the accounts it has just read (src/auth/account-cache.ts) and forgets one when its id
 * arrives on this channel. Sent at commit, for any change of the columns the guard reads, however
 * it was made (another replica, a migration, psql), and for a deleted account.
 */
export class AccountAccessChangedNotify1798400000001 implements MigrationInterface {
    name = 'AccountAccessChangedNotify1798400000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE FUNCTION notify_account_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('account_access_changed', OLD.id::text);
  RETURN NULL;
END $$`);
        await queryRunner.query(`CREATE TRIGGER app_user_access_changed
  AFTER UPDATE OF active, role, agency_id, access_expires_at, token_version OR DELETE ON app_user
  FOR EACH ROW EXECUTE FUNCTION notify_account_access_changed()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER app_user_access_changed ON app_user`);
        await queryRunner.query(`DROP FUNCTION notify_account_access_changed()`);
    }
}
