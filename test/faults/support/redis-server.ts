import { spawnSync } from 'node:child_process';
import { freePort, ServiceProcess, sleep } from './processes';

/**
 * A private redis-server on its own loopback port, started and stopped by the test, so the shared
 * Redis (and every other helper's queues) is never touched. No persistence: it is a scratch server.
 */
export async function startRedis(): Promise<{ proc: ServiceProcess; url: string; port: number }> {
  const port = await freePort();
  const proc = ServiceProcess.start('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { PATH: process.env.PATH });
  for (let i = 0; i < 100; i++) {
    if (!proc.running) throw new Error(`redis-server exited (output: ${proc.logPath})`);
    const ping = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ping.stdout.trim() === 'PONG') return { proc, url: `redis://127.0.0.1:${port}`, port };
    await sleep(100);
  }
  throw new Error('redis-server did not answer within 10 s');
}
