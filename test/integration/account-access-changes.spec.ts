import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { listenForAccountChanges } from '../../src/auth/persistence/account-change-listener';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { withDb } from '../utils/db';
import { TEST_DATABASE_URL } from '../utils/test-env';
import { waitFor } from '../utils/test-app';

/**
 * The access guard keeps accounts it has just read (src/auth/account-cache.ts) and relies on
 * Postgres to say when one changes, however the change is made: here, by plain SQL on another connection.
 */
describe('account access changes are notified to the API processes (SPEC SEC-1)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  const heard: string[] = [];

  beforeAll(async () => {
    dataSource = await new DataSource({ ...dataSourceOptions(TEST_DATABASE_URL, { poolSize: 2 }), migrations: [] }).initialize();
    close = await listenForAccountChanges(dataSource, { changed: (id) => heard.push(id), lost: () => heard.push('lost') });
  });

  afterAll(async () => {
    await close();
    await dataSource.destroy();
  });

  async function newAccount(): Promise<string> {
    const id = randomUUID();
    await withDb((db) =>
      db.query(`INSERT INTO app_user (id, email, name, role, agency_id) SELECT $1, $2, 'Notified', 'referrer', id FROM agency LIMIT 1`, [id, `notify-${id}@x.localhost`]),
    );
    return id;
  }

  it('deactivation, a raised token version, a new role or access expiry, and deleting the account are each heard, once committed', async () => {
    const id = await newAccount();
    for (const change of [
      'active = false', 'token_version = token_version + 1', `role = 'police'`, `access_expires_at = now()`,
    ]) {
      heard.length = 0;
      await withDb((db) => db.query(`UPDATE app_user SET ${change} WHERE id = $1`, [id]));
      await waitFor(async () => heard.length > 0, 10_000, `a notification for ${change}`);
      expect([change, heard]).toEqual([change, [id]]);
    }
    heard.length = 0;
    await withDb((db) => db.query('DELETE FROM app_user WHERE id = $1', [id]));
    await waitFor(async () => heard.length > 0, 10_000, 'a notification for the deletion');
    expect(heard).toEqual([id]);
  });

  it('a change the guard does not read (failed sign-ins) says nothing; a rolled-back change says nothing', async () => {
    const id = await newAccount();
    heard.length = 0;
    await withDb(async (db) => {
      await db.query('UPDATE app_user SET failed_login_count = failed_login_count + 1 WHERE id = $1', [id]);
      await db.query('BEGIN');
      await db.query('UPDATE app_user SET active = false WHERE id = $1', [id]);
      await db.query('ROLLBACK');
      // Notifications arrive in commit order: once this one is heard, any from the statements above would have been.
      await db.query('UPDATE app_user SET token_version = token_version + 1 WHERE id = $1', [id]);
    });
    await waitFor(async () => heard.length > 0, 10_000, 'the token version notification');
    expect(heard).toEqual([id]);
  });
});
