import { Global, Module } from '@nestjs/common';
import { AuditCheckpointFile } from './audit-checkpoint-file';
import { AuditSealerService } from './audit-sealer.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditVerifierService } from './audit-verifier.service';
import { AuditService } from './audit.service';

@Global()
@Module({
  providers: [AuditService, AuditSealerService, AuditVerifierService, AuditTrailService, AuditCheckpointFile],
  exports: [AuditService, AuditSealerService, AuditVerifierService, AuditTrailService, AuditCheckpointFile],
})
export class AuditModule {}
