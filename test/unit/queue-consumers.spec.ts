import 'reflect-metadata';
import type { DynamicModule, ForwardReference, Provider, Type } from '@nestjs/common';
import { PROCESSOR_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import { ALL_QUEUES } from '../../src/queue/queue-names';
import { WorkerModule } from '../../src/worker.module';

type ModuleRef = Type | DynamicModule | ForwardReference | Promise<DynamicModule>;

/** Every provider class the worker process registers, found by walking its module graph. */
function workerProviders(): Type[] {
  const seen = new Set<unknown>();
  const classes = new Set<Type>();
  const visit = (ref: ModuleRef | undefined): void => {
    if (!ref || ref instanceof Promise) return;
    const resolved = 'forwardRef' in ref ? (ref as ForwardReference).forwardRef() : ref;
    if (seen.has(resolved)) return;
    seen.add(resolved);
    const dynamic = 'module' in resolved ? (resolved as DynamicModule) : undefined;
    const moduleClass = (dynamic ? dynamic.module : resolved) as Type;
    const providers: Provider[] = [...(Reflect.getMetadata('providers', moduleClass) ?? []), ...(dynamic?.providers ?? [])];
    for (const p of providers) {
      const cls = typeof p === 'function' ? p : 'useClass' in p ? p.useClass : undefined;
      if (cls) classes.add(cls);
    }
    for (const i of [...(Reflect.getMetadata('imports', moduleClass) ?? []), ...(dynamic?.imports ?? [])]) visit(i);
  };
  visit(WorkerModule);
  return [...classes];
}

describe('BullMQ queues and their consumers', () => {
  it('lists every queue with the worker processor that consumes it', () => {
    const consumers: Record<string, string[]> = Object.fromEntries(ALL_QUEUES.map((q) => [q, []]));
    for (const cls of workerProviders()) {
      const meta = Reflect.getMetadata(PROCESSOR_METADATA, cls) as { name?: string } | undefined;
      if (meta?.name) (consumers[meta.name] ??= []).push(cls.name);
    }
    expect(consumers).toEqual({
      triage: ['TriageProcessor'],
      feedback: ['FeedbackProcessor'],
      sweeps: ['SweepProcessor'],
      'step-downs': ['StepDownsProcessor'],
      accounts: ['AccountsProcessor'],
      mail: ['MailProcessor'],
    });
  });
});
