import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { AuditCheckpointFile } from './audit-checkpoint-file';

describe('audit checkpoint file', () => {
  let dir: string;
  let file: AuditCheckpointFile;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-checkpoints-'));
    file = new AuditCheckpointFile({ auditCheckpointPath: join(dir, 'sub', 'checkpoints.log') } as AppConfig);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has no checkpoint before the first is written', async () => {
    expect(await file.latest()).toBeNull();
  });

  it('appends, and reads back the last line only, however long the file', async () => {
    for (let sealNo = 1; sealNo <= 500; sealNo++) await file.append({ sealNo, eventCount: sealNo * 3, hash: 'h'.repeat(64), at: new Date(0).toISOString() });
    expect(await file.latest()).toMatchObject({ sealNo: 500, eventCount: 1500 });
  });

  it('refuses a last line that is not a checkpoint', async () => {
    await file.append({ sealNo: 1, eventCount: 1, hash: 'h'.repeat(64), at: new Date(0).toISOString() });
    writeFileSync(file.path, '{"sealNo":"one"}\n', { flag: 'a' });
    await expect(file.latest()).rejects.toThrow(/the last line is not a checkpoint/);
  });
});
