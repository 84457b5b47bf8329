import { Client } from 'pg';
import { SmtpCapture } from '../../utils/smtp-capture';
import { FAULTS_DATABASE_URL, freePort, killAll, serviceEnv, ServiceProcess, startApi, startWorker, waitReady } from './processes';

/**
 * What every fault test file starts with: an SMTP server of its own and a database client, opened
 * before the file's tests and closed after them, once every child process the file started has been
 * killed. Call it in the `describe` body; read `smtp` and `db` inside the tests.
 */
export function faultHarness(): { readonly smtp: SmtpCapture; readonly db: Client } {
  const state: { smtp?: SmtpCapture; db?: Client } = {};
  beforeAll(async () => {
    state.smtp = await SmtpCapture.start();
    state.db = new Client({ connectionString: FAULTS_DATABASE_URL });
    await state.db.connect();
  });
  afterAll(async () => {
    await killAll();
    await state.db?.end();
    await state.smtp?.close();
  });
  return {
    get smtp() {
      return state.smtp!;
    },
    get db() {
      return state.db!;
    },
  };
}

/** An API on a free port and a worker, both with the file's SMTP server and queue prefix; resolves once the API answers. */
export async function startServices(smtp: SmtpCapture, opts: { queuePrefix: string; redisUrl?: string; worker?: boolean }) {
  const port = await freePort();
  const env = serviceEnv({ redisUrl: opts.redisUrl ?? process.env.REDIS_URL!, smtpUrl: smtp.url, queuePrefix: opts.queuePrefix }, port);
  const api = startApi(env);
  const worker: ServiceProcess | undefined = opts.worker === false ? undefined : startWorker(env);
  await waitReady(port, api);
  return { port, env, api, worker };
}
