import { Inject, Injectable } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { RuleBreak } from '../../../common/errors';
import { WorkerPool } from '../../../common/worker-pool';
import { CIN_CODE_LISTS } from '../code-lists.provider';
import { contactReference } from '../domain/reference';
import type { CinCodeLists } from '../domain/code-lists';
import { ContactImportRepository } from '../persistence/contact-import.repository';
import { ReferenceSequences } from '../persistence/reference-sequence.repository';
import { CheckedBatch, ContactImportChecker, ImportCheckSetup } from './contact-import.checker';
import type { CheckTask } from './contact-import.thread';

export interface ImportOptions {
  /** Names the legacy system: its references are unique within it. */
  system: string;
  /** Contacts written per statement. */
  batchSize?: number;
  /** Worker threads checking lines while batches are written (DEFAULT_CHECK_THREADS); 0 checks them in this thread. */
  threads?: number;
  /** Told of each line refused, in line order: its number and what is wrong (field and rule, never the value). */
  onRejected?: (line: number, details: RuleBreak[]) => void;
}

export interface ImportReport {
  /** Non-blank lines read. */
  read: number;
  imported: number;
  /** Lines whose legacy reference was imported before (an import run again). */
  alreadyImported: number;
  /** Of those, lines that differ from the one first imported: left as first imported, for a person to look at. */
  changedSinceImported: number;
  rejected: number;
}

/** Batches written at once, each on its own connection: Postgres writes them on both cores while the next are checked. */
const WRITERS = 2;
/**
 * Checking a line (parsing, the validation rules, its rows and their COPY text) costs Node about as
 * much as writing it costs Postgres: threads check while the main thread reads and writes. One
 * fewer than the cores (at least one, at most two), leaving a core to the main thread and the
 * writers: on two cores, with Postgres on the same machine, one thread imported faster than two
 * (bench/import/import-ab.js: 5.6 s against 6.2 s for 50,000 contacts, and 0.9 s less CPU; each
 * thread also costs its start).
 */
export const DEFAULT_CHECK_THREADS = Math.min(2, Math.max(1, availableParallelism() - 1));
const THREAD_MODULE = join(__dirname, 'contact-import.thread');

/**
 * Imports historical contacts from a legacy system (SPEC PERF-6), one JSON object a line (NDJSON,
 * shape in ImportContactDto). Each line is checked as the intake API checks a new contact
 * (ContactImportChecker, in worker threads); a line that fails is reported with its number and
 * written nowhere. Good lines are written in batches, each batch in one transaction
 * (ContactImportRepository.writeBatch), two at once while the next are being checked; a line is only
 * in one batch, so it is written whole or not at all. Imported contacts are `historical`: never
 * triaged, linked to the person index by the worker's history-linking sweep (people module) so their
 * history counts. Running the same file again imports nothing twice.
 */
@Injectable()
export class ContactImportService {
  constructor(
    private readonly rows: ContactImportRepository,
    private readonly sequences: ReferenceSequences,
    @Inject(CIN_CODE_LISTS) private readonly codes: CinCodeLists,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  async run(lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportReport> {
    const report: ImportReport = { read: 0, imported: 0, alreadyImported: 0, changedSinceImported: 0, rejected: 0 };
    const size = options.batchSize ?? 1000;
    const scope = `import:${options.system}`;
    const setup: ImportCheckSetup = { system: options.system, codes: this.codes };
    const threads = options.threads ?? DEFAULT_CHECK_THREADS;
    const pool = threads > 0 ? new WorkerPool<CheckTask, CheckedBatch>(THREAD_MODULE, threads, setup) : undefined;
    const here = pool ? undefined : new ContactImportChecker(setup);
    const check = (task: CheckTask) => (pool ? pool.run(task) : here!.checkBatch(task.lines, task.firstLine, new Date(task.now)));
    /** Batches being checked, in line order: each is reported and written in that order. */
    const checking: Promise<CheckedBatch>[] = [];
    const ahead = Math.max(2, 2 * threads);
    const writing = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;

    const write = async (batch: CheckedBatch) => {
      for (const r of batch.refused) {
        report.rejected++;
        options.onRejected?.(r.line, r.details);
      }
      if (!batch.keys.length) return;
      while (writing.size >= WRITERS) await Promise.race(writing);
      if (failure) throw failure.error;
      const written: Promise<void> = this.write(batch, scope)
        .then(
          ({ imported, changed }) => {
            report.imported += imported;
            report.alreadyImported += batch.keys.length - imported;
            report.changedSinceImported += changed;
          },
          // Kept until the next batch or the end rethrows it: a rejection nobody awaits would end the process.
          (error: unknown) => void (failure ??= { error }),
        )
        .finally(() => writing.delete(written));
      writing.add(written);
    };
    try {
      let lineNo = 0;
      let batch: string[] = [];
      let contacts = 0;
      const send = async () => {
        const checked = check({ lines: batch, firstLine: lineNo - batch.length + 1, now: this.now().getTime() });
        checked.catch(() => undefined); // left unread if the import stops first
        checking.push(checked);
        batch = [];
        contacts = 0;
        while (checking.length >= ahead) await write(await checking.shift()!);
      };
      for await (const line of lines) {
        lineNo++;
        batch.push(line);
        if (!/\S/.test(line)) continue;
        report.read++;
        if (++contacts >= size) await send();
      }
      if (batch.length) await send();
      while (checking.length) await write(await checking.shift()!);
    } finally {
      // Stopped or done, nothing is left being written: what is in the database when this returns or throws stays so.
      await Promise.all(writing);
      await pool?.close();
    }
    if (failure) throw failure.error;
    return report;
  }

  /** Numbers one checked batch and writes it in one transaction; returns how many of its contacts were new, and how many skipped ones differ. */
  private async write(batch: CheckedBatch, scope: string): Promise<{ imported: number; changed: number }> {
    const references = await this.references(batch.years);
    return this.rows.writeBatch({ scope, keys: batch.keys, hashes: batch.hashes, references, text: batch.text });
  }

  /** A reference for each contact from the sequence of the year it was received (SPEC INT-7). */
  private async references(years: number[]): Promise<string[]> {
    const references = new Array<string>(years.length);
    const byYear = new Map<number, number[]>();
    years.forEach((year, i) => (byYear.get(year) ?? byYear.set(year, []).get(year)!).push(i));
    for (const [year, indexes] of byYear) {
      const sequence = await this.sequences.ensure(year);
      const numbers = await this.rows.nextReferences(sequence, indexes.length);
      indexes.forEach((i, k) => (references[i] = contactReference(year, numbers[k])));
    }
    return references;
  }
}
