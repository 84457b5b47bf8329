import { captureDir, checkCapture } from './log-capture';

/**
 * SEC-3 over the whole run: no log line of any test file holds a personal value or token that any
 * test sent or received (see log-capture.ts). Throwing here fails the run.
 */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.LOG_CAPTURE_DIR ?? captureDir(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mash_test');
  const report = checkCapture(dir);
  if (report.seeded === 0) return; // no HTTP traffic in this run (unit tests only)
  if (report.logBytes === 0) throw new Error(`SEC-3 log search: ${report.seeded} seeded values but no log output in ${dir}; the search would prove nothing`);
  if (report.leaks.length) {
    const shown = report.leaks.slice(0, 20).map((l) => `  ${JSON.stringify(l.value.slice(0, 80))} in ${l.file}`).join('\n');
    throw new Error(`SEC-3 log search: ${report.leaks.length} seeded personal values or tokens found in the logs (${dir}):\n${shown}`);
  }
  console.log(`SEC-3 log search: ${report.seeded} seeded values, ${report.logFiles} log files (${report.logBytes} bytes): none found`);
}
