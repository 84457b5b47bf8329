import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import { DEMO_AGENCIES, DEMO_USERS } from './demo-data';

/** Idempotent: agencies matched by name, users by e-mail. Returns how many users it created. */
export async function seedDemo(dataSource: DataSource): Promise<number> {
  const agencyIds = new Map<string, string>();
  for (const a of DEMO_AGENCIES) {
    const [found] = await dataSource.query('SELECT id FROM agency WHERE name = $1', [a.name]);
    const [row] = found ? [found] : await dataSource.query('INSERT INTO agency (name, type, email, email_domains) VALUES ($1, $2, $3, $4) RETURNING id', [a.name, a.type, a.email, a.emailDomains]);
    agencyIds.set(a.key, row.id);
  }
  let created = 0;
  const auditorExpiry = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  for (const u of DEMO_USERS) {
    const inserted = await dataSource.query(
      `INSERT INTO app_user (email, name, role, agency_id, password_hash, access_expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [u.email, u.name, u.role, agencyIds.get(u.agency), await hashPassword(u.password), u.role === 'auditor' ? auditorExpiry : null],
    );
    created += inserted.length;
  }
  return created;
}
