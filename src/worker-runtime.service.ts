import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditSealerService } from './audit/audit-sealer.service';
import { OutboxRelayService } from './queue/outbox-relay.service';

const SEAL_EVERY_MS = 1000;

/** Starts the outbox relay and the audit sealer (and its checkpoints) in the worker process, and stops them on shutdown. */
@Injectable()
export class WorkerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerRuntime.name);
  private sealTimer?: NodeJS.Timeout;
  private sealing?: Promise<unknown>;

  constructor(
    private readonly relay: OutboxRelayService,
    private readonly sealer: AuditSealerService,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    this.sealTimer = setInterval(() => {
      if (this.sealing) return; // never overlap
      this.sealing = this.sealer
        .sealAll()
        .then(() => this.sealer.checkpointIfDue())
        .catch((error) => this.sealer.logFailure(error))
        .finally(() => (this.sealing = undefined));
    }, SEAL_EVERY_MS);
    this.logger.log('worker started: outbox relay and audit sealer running');
  }

  /** Before the database connections close (they close in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sealTimer);
    await this.sealing;
    // The head at shutdown, so a restart never leaves the newest seals without a checkpoint for long.
    await this.sealer.checkpoint().catch((error) => this.sealer.logFailure(error));
  }
}
