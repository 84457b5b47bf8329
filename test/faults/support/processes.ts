import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { testEnvironment } from '../../utils/test-secrets';

const ROOT = join(__dirname, '..', '..', '..');
export const FAULTS_DATABASE_URL = process.env.FAULTS_DATABASE_URL ?? process.env.TEST_DATABASE_URL!;

/** A loopback port nobody listens on right now (picked at runtime, never fixed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every child started by this test file, so afterAll can kill what a failing test left behind. */
const started = new Set<ServiceProcess>();

/**
 * A child process in its own process group (detached), so a signal reaches it and anything it
 * started. Output goes to a file under the OS temp dir (printed when a test fails to read it).
 */
export class ServiceProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly logPath: string;

  private constructor(readonly name: string, readonly child: ChildProcess, logPath: string) {
    this.logPath = logPath;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    started.add(this);
    void this.exited.then(() => started.delete(this));
  }

  static start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ServiceProcess {
    const dir = mkdtempSync(join(tmpdir(), `mash-faults-${name}-`));
    const logPath = join(dir, 'output.log');
    const out = createWriteStream(logPath);
    const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    return new ServiceProcess(name, child, logPath);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a signal to the whole process group. */
  signal(sig: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, sig);
    } catch {
      /* already gone */
    }
  }

  /** Resolves with the exit, or rejects after `ms` (the process is then still running). */
  async waitExit(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${ms} ms`)), ms)));
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL to the group and wait for the exit. */
  async kill9(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }
}

/** afterAll: kill every child this file started (process groups), even when a test failed half-way. */
export async function killAll(): Promise<void> {
  await Promise.all([...started].map((p) => p.kill9()));
}

export interface ServiceEnv {
  redisUrl: string;
  smtpUrl: string;
  queuePrefix: string;
  extra?: NodeJS.ProcessEnv;
}

/** Environment for the built API and worker: the faults database, a private queue prefix, loopback only. */
export function serviceEnv(opts: ServiceEnv, port?: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...testEnvironment(FAULTS_DATABASE_URL),
    REDIS_URL: opts.redisUrl,
    SMTP_URL: opts.smtpUrl,
    QUEUE_PREFIX: opts.queuePrefix,
    LOG_LEVEL: 'warn',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    PUBLIC_INTAKE_GLOBAL_PER_MINUTE: '1000000',
    // The fuzz run fails logins of demo accounts at random; a lock-out would then refuse later files' logins.
    LOGIN_LOCKOUT_THRESHOLD: '1000000',
    JWT_TTL: '1h',
    ...(port ? { PORT: String(port) } : {}),
    ...opts.extra,
  };
}

export const uniquePrefix = (what: string) => `faults-${what}-${randomBytes(4).toString('hex')}`;

export function startApi(env: NodeJS.ProcessEnv): ServiceProcess {
  return ServiceProcess.start('api', process.execPath, ['dist/src/main.js'], env);
}

export function startWorker(env: NodeJS.ProcessEnv): ServiceProcess {
  return ServiceProcess.start('worker', process.execPath, ['dist/src/worker.js'], env);
}

/** Polls GET /health/ready until 200 (Postgres and Redis reachable); fails fast when the process died. */
export async function waitReady(port: number, proc: ServiceProcess, timeoutMs = 30_000, path = '/health/ready'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.running) throw new Error(`${proc.name} exited before it was ready (output: ${proc.logPath})`);
    const ok = await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${proc.name} was not ready within ${timeoutMs} ms (output: ${proc.logPath})`);
}
