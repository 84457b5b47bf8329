import '../../../common/compile-cache';
import 'reflect-metadata';
import { workerData } from 'node:worker_threads';
import { serveTasks } from '../../../common/worker-pool';
import { CheckedBatch, ContactImportChecker, ImportCheckSetup } from './contact-import.checker';

/** A batch of lines for a thread of the import to check: see ContactImportChecker.checkBatch. */
export interface CheckTask {
  lines: string[];
  firstLine: number;
  /** The import's clock when the batch was read (no line may be dated after it). */
  now: number;
}

/** A worker thread of the legacy import (ContactImportService): checks batches of lines as the main thread sends them. */
const checker = new ContactImportChecker(workerData as ImportCheckSetup);
serveTasks<CheckTask, CheckedBatch>((task) => checker.checkBatch(task.lines, task.firstLine, new Date(task.now)));
