import { Inject, Injectable } from '@nestjs/common';
import { open, mkdir, appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** The chain's head as the sealer last saw it: seal number, events sealed up to it, its hash. */
export interface AuditCheckpoint {
  sealNo: number;
  /** Events covered by seals 1..sealNo. */
  eventCount: number;
  hash: string;
  at: string;
}

/** Enough for the last line: a checkpoint line is about 150 characters. */
const TAIL_BYTES = 4096;

/**
 * Checkpoints of the audit chain kept outside the database (AUDIT_CHECKPOINT_PATH): one JSON line
 * per checkpoint, only ever appended. Whoever owns the database can rewrite tables and their
 * triggers, but not this file, so a rewritten or truncated chain no longer meets the last checkpoint.
 * Put it on storage the database's owner cannot write (a separate volume, or a path synchronised to
 * write-once object storage).
 */
@Injectable()
export class AuditCheckpointFile {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get path(): string {
    return this.config.auditCheckpointPath;
  }

  async append(checkpoint: AuditCheckpoint): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(checkpoint)}\n`, { flag: 'a', mode: 0o640 });
  }

  /** The last checkpoint, or null when none has been written yet; reads only the file's tail. */
  async latest(): Promise<AuditCheckpoint | null> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n').filter((l) => l.trim());
      if (lines.length === 0) return null;
      const last = JSON.parse(lines[lines.length - 1]) as AuditCheckpoint;
      if (!Number.isInteger(last.sealNo) || !Number.isInteger(last.eventCount) || typeof last.hash !== 'string') {
        throw new Error(`audit checkpoint file ${this.path}: the last line is not a checkpoint`);
      }
      return last;
    } finally {
      await handle.close();
    }
  }
}
