import { DataSource } from 'typeorm';
import { ConfigError } from '../config/app-config';
import { hashPassword } from './passwords';

const ADMIN_AGENCY_NAME = 'MASH administration';

/**
 * Creates the bootstrap administrator from ADMIN_EMAIL / ADMIN_PASSWORD when no user has that
 * e-mail. Safe to run from several replicas at once (unique e-mail, ON CONFLICT DO NOTHING).
 * ADMIN_PASSWORD is needed only until the administrator exists.
 */
export async function ensureBootstrapAdmin(dataSource: DataSource, config: { adminEmail: string; adminPassword?: string }): Promise<boolean> {
  const existing = await dataSource.query('SELECT 1 FROM app_user WHERE email = $1', [config.adminEmail]);
  if (existing.length) return false;
  if (!config.adminPassword) throw new ConfigError(`Invalid configuration:\n  - ADMIN_PASSWORD: must be set to create the bootstrap administrator ${config.adminEmail}`);
  const hash = await hashPassword(config.adminPassword);
  return dataSource.transaction(async (em) => {
    let [agency] = await em.query('SELECT id FROM agency WHERE name = $1 AND type = $2 LIMIT 1', [ADMIN_AGENCY_NAME, 'la_childrens_social_care']);
    if (!agency) [agency] = await em.query('INSERT INTO agency (name, type) VALUES ($1, $2) RETURNING id', [ADMIN_AGENCY_NAME, 'la_childrens_social_care']);
    const inserted = await em.query(
      `INSERT INTO app_user (email, name, role, agency_id, password_hash) VALUES ($1, 'Administrator', 'admin', $2, $3)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [config.adminEmail, agency.id, hash],
    );
    return inserted.length > 0;
  });
}
