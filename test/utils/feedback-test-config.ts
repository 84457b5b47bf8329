import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A copy of the repository's config/ with the feedback delivery policy changed (short backoff,
 * fewer attempts), so retry tests run in seconds through the real configuration loader. Set
 * CONFIG_DIR to `dir` before starting the worker; call `remove()` afterwards.
 */
export function feedbackConfigWith(delivery: { maxAttempts: number; backoffSeconds: number[] }): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mash-feedback-config-'));
  cpSync(resolve(__dirname, '../../config'), dir, { recursive: true });
  const file = join(dir, 'feedback-templates', 'feedback.yaml');
  const settings = parse(readFileSync(file, 'utf8'));
  settings.delivery = delivery;
  writeFileSync(file, stringify(settings));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
