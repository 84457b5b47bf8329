import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { pgPool } from '../../database/pg-pool';

/**
 * The channel a trigger on app_user notifies, with the account's id, whenever a column the access
 * guard reads changes (active, role, agency, access expiry, token version) or the account goes
 * (migration AccountAccessChangedNotify). Postgres sends it when the change commits, to every API
 * process, whichever process or person made the change.
 */
export const ACCOUNT_ACCESS_CHANGED = 'account_access_changed';

export interface AccountChangeHandlers {
  changed(userId: string): void;
  /** The connection is gone: notifications may be missed from now on. */
  lost(): void;
}

/**
 * Opens a connection of its own (same settings as the pool) and listens for account changes.
 * Resolves once LISTEN is in place; rejects if it cannot be. `handlers.lost` is called once if the
 * connection ends or fails afterwards. Returns a function that closes it.
 */
export async function listenForAccountChanges(dataSource: DataSource, handlers: AccountChangeHandlers): Promise<() => Promise<void>> {
  const client = new Client(pgPool(dataSource).options);
  let lost = false;
  const onLost = () => {
    if (lost) return;
    lost = true;
    handlers.lost();
  };
  client.on('error', onLost);
  client.on('end', onLost);
  client.on('notification', (message) => {
    if (message.channel === ACCOUNT_ACCESS_CHANGED && message.payload) handlers.changed(message.payload);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${ACCOUNT_ACCESS_CHANGED}`);
  } catch (error) {
    lost = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return async () => {
    lost = true;
    await client.end().catch(() => undefined);
  };
}
