import { DataSource } from 'typeorm';
import { auditEventRow } from '../audit/audit-row';
import { auditEvents } from '../audit/persistence/audit-event.repository';
import { ConfigError } from '../config/app-config';
import { SYSTEM_ACTOR } from './actor';
import { hashPassword } from './passwords';
import { AccountsRepository } from './persistence/accounts.repository';

const ADMIN_AGENCY_NAME = 'MASH administration';

/**
 * Creates the bootstrap administrator from ADMIN_EMAIL / ADMIN_PASSWORD when no user has that
 * e-mail. Safe to run from several replicas at once (unique e-mail, ON CONFLICT DO NOTHING).
 * ADMIN_PASSWORD is needed only until the administrator exists. Running the migrate job again with
 * another ADMIN_EMAIL is how a deployment gets its second administrator: in the service, every role
 * (the administrator role too) takes a second administrator's approval, so the first cannot make one alone.
 * The creation is on the audit trail as the system's act.
 */
export async function ensureBootstrapAdmin(dataSource: DataSource, config: { adminEmail: string; adminPassword?: string }): Promise<boolean> {
  const accounts = new AccountsRepository();
  if (await accounts.emailExists(dataSource.manager, config.adminEmail)) return false;
  if (!config.adminPassword) throw new ConfigError(`Invalid configuration:\n  - ADMIN_PASSWORD: must be set to create the bootstrap administrator ${config.adminEmail}`);
  const hash = await hashPassword(config.adminPassword);
  return dataSource.transaction(async (em) => {
    const agencyId = await accounts.ensureAgency(em, ADMIN_AGENCY_NAME, 'la_childrens_social_care');
    const id = await accounts.insertBootstrapAdmin(em, config.adminEmail, agencyId, hash);
    if (!id) return false;
    await auditEvents.append(em, [auditEventRow(SYSTEM_ACTOR, { action: 'user.created', entityType: 'app_user', entityId: id, summary: { role: 'admin', agencyId, bootstrap: true } })]);
    return true;
  });
}
