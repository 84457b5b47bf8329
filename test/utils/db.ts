import { Client } from 'pg';
import { TEST_DATABASE_URL } from './test-env';

/** A plain superuser connection to the test database, for arranging and inspecting rows. */
export async function withDb<T>(fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}
