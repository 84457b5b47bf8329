import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * SPEC SEC-3 over the whole suite's traffic: every test file writes its logs to a file in one
 * folder (test-env.ts sets LOG_FILE), and every request a test sends through supertest records the
 * personal values and tokens it carried (log-capture-setup.ts). After the run, global-teardown.ts
 * searches every log for every recorded value: one found fails the run.
 */
export function captureDir(databaseUrl: string): string {
  return join(tmpdir(), 'mash-test-logs', new URL(databaseUrl).pathname.slice(1) || 'mash_test');
}

/** Keys whose string values are personal data, narrative or secrets in request bodies (SPEC SEC-3). */
export const PERSONAL = /^(firstName|lastName|aliases|previousNames|dateOfBirth|expectedDeliveryDate|postcode|line1|line2|description|harm|whatShouldHappen|rationale|reason|note|notes|summary|phone|name|nhsNumber|communicationNeeds|email|password|riskHandover|plan|views|informationShared|riskAnalysis|overrideReason|text|content|comments|addressLine1|addressLine2|tellUs|school|unknownReason)$/;
const MIN_LENGTH = 6;

export function personalValues(value: unknown, key = '', out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && PERSONAL.test(key) && value.length >= MIN_LENGTH) {
    out.add(value);
    for (const line of value.split('\n')) if (line.length >= 12) out.add(line);
  } else if (Array.isArray(value)) value.forEach((v) => personalValues(v, key, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) personalValues(v, k, out);
  return out;
}

export function recordSeeded(dir: string, file: string, values: Iterable<string>): void {
  const lines = [...values].map((v) => JSON.stringify(v)).join('\n');
  if (lines) appendFileSync(join(dir, file), `${lines}\n`);
}

export function resetCapture(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export interface CaptureReport {
  seeded: number;
  logFiles: number;
  logBytes: number;
  leaks: { value: string; file: string }[];
}

export function checkCapture(dir: string): CaptureReport {
  if (!existsSync(dir)) return { seeded: 0, logFiles: 0, logBytes: 0, leaks: [] };
  const files = readdirSync(dir);
  const seeded = new Set<string>();
  for (const f of files.filter((f) => f.endsWith('.seeded'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line) seeded.add(JSON.parse(line));
  }
  const logs = files.filter((f) => f.endsWith('.log'));
  const leaks: { value: string; file: string }[] = [];
  let logBytes = 0;
  for (const f of logs) {
    const text = readFileSync(join(dir, f), 'utf8');
    logBytes += text.length;
    for (const value of seeded) if (text.includes(value)) leaks.push({ value, file: f });
  }
  return { seeded: seeded.size, logFiles: logs.length, logBytes, leaks };
}
