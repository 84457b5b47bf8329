import { WorkerHost } from '@nestjs/bullmq';
import { OnModuleDestroy } from '@nestjs/common';

const READY_PROBE_MS = 1000;

/**
 * A WorkerHost that can always shut down (SPEC REL-6). BullMQ's Worker.close() never resolves when
 * Redis was never reachable (taskforcesh/bullmq#4656, open), which would hang the worker process
 * and any test that starts it with Redis down. So before @nestjs/bullmq closes the worker, this
 * closes it itself: gracefully (active jobs finish) when the connection is up, forced otherwise
 * (nothing can be active without Redis). Worker.close() is memoised, so the later close is a no-op.
 * Every processor extends it.
 */
export abstract class CloseableWorkerHost extends WorkerHost implements OnModuleDestroy {
  async onModuleDestroy(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const connected = await Promise.race([
      this.worker.waitUntilReady().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_PROBE_MS))),
    ]);
    clearTimeout(timer);
    await this.worker.close(!connected);
  }
}
