import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCapture, personalValues, recordSeeded } from '../utils/log-capture';

/** The suite-wide SEC-3 log search (global-teardown.ts) finds what it must, so its silence means something. */
describe('SEC-3: the log search over the suite’s traffic', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mash-capture-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('collects narrative, names and dates from request bodies at any depth, not ids or codes', () => {
    const values = personalValues({ subjects: [{ firstName: 'Quillonia', dateOfBirth: '2019-05-04', id: '2c0f3e0e-4f7c-4a57-9a43-5e8f1b4b6c11' }], referrerView: { harm: 'Bruised arm seen on Monday' }, grade: 'RED', aliases: ['Quilly-Q'] });
    expect([...values].sort()).toEqual(['2019-05-04', 'Bruised arm seen on Monday', 'Quillonia', 'Quilly-Q']);
  });

  it('finds a seeded value that reached a log, and passes when none did', () => {
    recordSeeded(dir, 'a.seeded', ['Quillonia Vardenbrook', 'Bruised arm seen on Monday']);
    writeFileSync(join(dir, 'a.log'), '{"level":30,"msg":"request completed"}\n');
    expect(checkCapture(dir)).toMatchObject({ seeded: 2, logFiles: 1, leaks: [] });
    writeFileSync(join(dir, 'b.log'), '{"level":40,"note":"Bruised arm seen on Monday"}\n');
    expect(checkCapture(dir).leaks).toEqual([{ value: 'Bruised arm seen on Monday', file: 'b.log' }]);
  });
});
