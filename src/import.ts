import './common/require-node';
import './common/compile-cache';
import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { loadCinCodeLists } from './modules/contacts/code-lists.provider';
import { ReferenceSequences } from './modules/contacts/persistence/reference-sequence.repository';
import { ContactImportRepository } from './modules/contacts/persistence/contact-import.repository';
import { ContactImportService, DEFAULT_CHECK_THREADS } from './modules/contacts/use-cases/contact-import.service';

const USAGE = `usage: npm run import -- <file.ndjson | -> [--system=<legacy system name>] [--batch=1000] [--threads=${DEFAULT_CHECK_THREADS}]

Imports historical contacts from a legacy system, one JSON object a line (fields: README "Importing
history"). Each line is checked as the intake API checks a contact; refused lines are listed with
their number and the field and rule at fault, and nothing of them is written. Running the same file
again imports nothing twice. Lines are checked in --threads worker threads (0: in the main thread) while
batches are written. Exit status: 0 all imported, 2 some lines refused, 1 failure.`;

/** npm run import: see USAGE and ContactImportService. */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
  const system = option('system') ?? 'legacy';
  const batchSize = Number(option('batch') ?? 1000);
  const threads = Number(option('threads') ?? DEFAULT_CHECK_THREADS);
  const counts = (n: number, max: number, min = 1) => Number.isInteger(n) && n >= min && n <= max;
  if (!file || args.includes('--help') || !/^[\w.-]{1,50}$/.test(system) || !counts(batchSize, 10_000) || !counts(threads, 16, 0)) {
    console.error(USAGE);
    return 1;
  }
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl, { poolSize: 4, applicationName: 'mash-triage-import' })).initialize();
  try {
    const importer = new ContactImportService(new ContactImportRepository(dataSource), new ReferenceSequences(dataSource), loadCinCodeLists(config.configDir), () => new Date());
    const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
    const lines = createInterface({ input, crlfDelay: Infinity });
    const started = process.hrtime.bigint();
    let shown = 0;
    const report = await importer.run(lines, {
      system,
      batchSize,
      threads,
      // Line numbers, fields and rules only: the values are a child's personal data (SPEC SEC-3).
      onRejected: (line, details) => {
        if (shown++ < 100) console.error(`line ${line}: ${details.map((d) => `${d.field} (${d.rule}): ${d.message}`).join('; ')}`);
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.rejected > shown) console.error(`... and ${report.rejected - shown} more refused lines`);
    console.log(
      `import from ${system}: ${report.read} lines read, ${report.imported} contacts imported, ${report.alreadyImported} already imported ` +
        `(${report.changedSinceImported} of them differing now from the line first imported: left as they were), ${report.rejected} refused; ` +
        `${seconds.toFixed(1)} s (${Math.round(report.read / seconds)} lines/s). Their children and adults are linked to the person index by the worker.`,
    );
    return report.rejected ? 2 : 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    // The message, code and constraint only: a database error's detail can quote the row (a child's name, SPEC SEC-3).
    const { message, code, constraint } = error as { message?: string; code?: string; constraint?: string };
    console.error(error instanceof ConfigError ? error.message : `import failed: ${message}${code ? ` (${code}${constraint ? `, ${constraint}` : ''})` : ''}`);
    process.exitCode = 1;
  },
);
