import { captureDir, resetCapture } from './log-capture';
import { freshDatabase } from './fresh-database';

/** A fresh test database for every run: dropped, created, migrated (never synchronize), demo users seeded. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_test';
  resetCapture(process.env.LOG_CAPTURE_DIR ?? captureDir(url));
  await freshDatabase(url);
}
