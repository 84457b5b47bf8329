import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import prepareDatabase from '../../utils/global-setup';

/**
 * The fault suite runs the BUILT service (dist/), as production does: build once, then the same fresh
 * database as the main suite (dropped, migrated, demo users seeded), at FAULTS_DATABASE_URL.
 */
export default async function faultsGlobalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..', '..');
  execFileSync('npx', ['nest', 'build'], { cwd: root, stdio: 'inherit' });
  await prepareDatabase();
}
