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
  /** Requests refused by a rate limit, by limit (public, login, public-intake-global): alert on a rise. */
  throttled: counter('mash_throttled_total', 'Requests refused by a rate limit', ['limit']),
  /** Rate-limit checks counted in one replica's memory because Redis did not answer. */
  throttleFallbacks: counter('mash_throttle_redis_fallbacks_total', 'Rate-limit checks counted locally because Redis was unavailable'),
  jobLatency:
    (register.getSingleMetric('mash_job_duration_seconds') as Histogram<string>) ??
    new Histogram({ name: 'mash_job_duration_seconds', help: 'Job processing time', labelNames: ['queue'], buckets: [0.01, 0.05, 0.1, 0.3, 1, 3, 10] }),
};
