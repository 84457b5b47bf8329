import { Module } from '@nestjs/common';
import { RetentionRepository } from './persistence/retention.repository';
import { RETENTION_POLICY, retentionPolicyProvider } from './retention-config';
import { RetentionService } from './retention.service';

/** Retention policy (config/retention.yaml, validated at boot), purge and legal holds: shared by API and worker. */
@Module({
  providers: [retentionPolicyProvider, RetentionRepository, RetentionService],
  exports: [RetentionService, RETENTION_POLICY],
})
export class RetentionCoreModule {}
