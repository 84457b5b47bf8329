import { Client } from 'pg';
import { TEST_DATABASE_URL } from '../utils/test-env';

/**
 * API and worker connect as the application's role (SPEC OPS-8), which the migrations create: it
 * owns nothing and may only append to the audit trail, so the rewrites the database's owner could
 * make are refused to it. (The rest of the suite connects as postgres for speed.)
 */
describe('the application database role', () => {
  const appUrl = new URL(TEST_DATABASE_URL);
  appUrl.username = 'mash_app';
  appUrl.password = '';
  let app: Client;
  beforeAll(async () => {
    app = new Client({ connectionString: appUrl.toString() });
    await app.connect();
  });
  afterAll(() => app.end());

  const refused = (sql: string, pattern: RegExp) => expect(app.query(sql)).rejects.toThrow(pattern);

  it('is connected as a role that is no superuser and owns no table, trigger, function or schema', async () => {
    const [role] = (await app.query('SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = current_user')).rows;
    expect(role).toEqual({ name: 'mash_app', rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false });
    const owned = await app.query(
      `SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
            + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) AS n FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(Number(owned.rows[0].n)).toBe(0);
  });

  it('cannot UPDATE or DELETE audit events, disable their triggers, or switch triggers off for its session', async () => {
    await refused(`UPDATE audit_event SET action = 'x'`, /permission denied for table audit_event/);
    await refused(`DELETE FROM audit_event`, /permission denied for table audit_event/);
    await refused(`TRUNCATE audit_event`, /permission denied for table audit_event/);
    await refused(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`, /must be owner of table audit_event/);
    await refused(`ALTER TABLE audit_event DISABLE TRIGGER ALL`, /must be owner of table audit_event/);
    await refused(`SET session_replication_role = replica`, /permission denied to set parameter "session_replication_role"/);
    for (const table of ['audit_seal', 'audit_seal_event']) {
      await refused(`UPDATE ${table} SET seal_no = seal_no`, new RegExp(`permission denied for table ${table}`));
      await refused(`DELETE FROM ${table}`, new RegExp(`permission denied for table ${table}`));
    }
  });

  it('cannot delete decisions, nor switch off the trigger that keeps signed-off ones read-only', async () => {
    await refused(`DELETE FROM threshold_decision`, /permission denied for table threshold_decision/);
    // The setting the retention purge uses inside its owner's function opens nothing to the role itself.
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('mash.retention_purge', 'on', true)`);
      await expect(app.query(`DELETE FROM threshold_decision`)).rejects.toThrow(/permission denied for table threshold_decision/);
    } finally {
      await app.query('ROLLBACK');
    }
    await refused(`ALTER TABLE threshold_decision DISABLE TRIGGER threshold_decision_signed_off`, /must be owner of table threshold_decision/);
  });

  it('can do its work: read, append to the audit trail (which queues the event for the sealer), run the purge, but not change the retention periods', async () => {
    await app.query('BEGIN');
    try {
      await app.query(
        `INSERT INTO audit_event (id, occurred_at, actor_role, action, entity_type, summary, content_hash)
         VALUES (gen_random_uuid(), now(), 'system', 'role.check', 'test', '{}', repeat('0', 64))`,
      );
      const queued = await app.query(`SELECT count(*)::int AS n FROM audit_unsealed u JOIN audit_event e ON e.id = u.event_id WHERE e.action = 'role.check'`);
      expect(queued.rows[0].n).toBe(1);
    } finally {
      await app.query('ROLLBACK');
    }
    const users = await app.query('SELECT count(*)::int AS n FROM app_user');
    expect(users.rows[0].n).toBeGreaterThan(0);
    await refused(`UPDATE retention_policy SET keep_months = 1`, /permission denied for table retention_policy/);
    const purge = await app.query(`SELECT retention_purge_contacts('{}'::uuid[]) AS result`);
    expect(purge.rows[0].result).toEqual({ contactIds: [], counts: {} });
  });
});
