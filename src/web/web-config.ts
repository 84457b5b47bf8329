import { resolve } from 'node:path';
import { existsSync } from 'node:fs';

/** Names on every page: titles read "Page - Service - Council" (GOV.UK page title pattern). */
export const SERVICE_NAME = 'Worried about a child';
export const COUNCIL_NAME = 'Northshire Council';

/** A signed-in session ends after 20 minutes without a request, and 10 hours after sign-in whatever happens. */
export const IDLE_TIMEOUT_MS = 20 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 10 * 60 * 60_000;
/** The warning appears this long before the idle time-out (GOV.UK timeout warning pattern). */
export const TIMEOUT_WARNING_MS = 2 * 60_000;

/** The project root, from src/web (ts) or dist/src/web (js). */
export function projectRoot(): string {
  for (const candidate of [resolve(__dirname, '../..'), resolve(__dirname, '../../..')]) {
    if (existsSync(resolve(candidate, 'package.json'))) return candidate;
  }
  return process.cwd();
}
