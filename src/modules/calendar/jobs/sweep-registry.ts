import { Injectable } from '@nestjs/common';

export interface SweepDefinition {
  /** BullMQ job name and job-scheduler id on QUEUES.sweeps, e.g. sla.sweep */
  jobName: string;
  everyMs: number;
  /** Also run once when the worker starts, so nothing waits a whole interval after a restart (REL-5). */
  runAtStart: boolean;
  run: () => Promise<unknown>;
}

/**
 * QUEUES.sweeps has ONE processor (SweepProcessor); every scheduled sweep registers here with its
 * job name and interval, and the processor dispatches by job name. Another @Processor on the same
 * queue would steal jobs it does not know. Features register in their job module's
 * onModuleInit: `sweeps.register({jobName: 'step-downs.sweep', everyMs: 60_000, runAtStart: true, run})`.
 */
@Injectable()
export class SweepRegistry {
  private readonly sweeps = new Map<string, SweepDefinition>();

  register(definition: SweepDefinition): void {
    if (this.sweeps.has(definition.jobName)) throw new Error(`sweep ${definition.jobName} is registered twice`);
    if (definition.jobName.includes(':')) throw new Error('BullMQ job ids may not contain ":"');
    this.sweeps.set(definition.jobName, definition);
  }

  get(jobName: string): SweepDefinition | undefined {
    return this.sweeps.get(jobName);
  }

  all(): SweepDefinition[] {
    return [...this.sweeps.values()];
  }
}
