import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';

let started = false;
/** Process metrics, once per process. */
export function startDefaultMetrics(): void {
  if (started) return;
  started = true;
  collectDefaultMetrics();
}

const counter = (name: string, help: string, labelNames: string[] = []) =>
  (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });

/** Business metrics (SPEC OPS-5). Labels never carry personal data. */
export const metrics = {
  contactsReceived: counter('mash_contacts_received_total', 'Contacts received', ['channel']),
  jobsCompleted: counter('mash_jobs_completed_total', 'Queue jobs completed', ['queue']),
  jobsFailed: counter('mash_jobs_failed_total', 'Queue jobs failed', ['queue']),
  jobLatency:
    (register.getSingleMetric('mash_job_duration_seconds') as Histogram<string>) ??
    new Histogram({ name: 'mash_job_duration_seconds', help: 'Job processing time', labelNames: ['queue'], buckets: [0.01, 0.05, 0.1, 0.3, 1, 3, 10] }),
};
