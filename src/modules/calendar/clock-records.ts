/** What other features may read of SLA clocks, in their own transaction (calendar owns sla_clock). */
export { slaClocks } from './persistence/sla-clock.repository';
export type { SlaClock as SlaClockRow } from './persistence/sla-clock.entity';
