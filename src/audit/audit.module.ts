import { Global, Module } from '@nestjs/common';
import { AuditSealerService } from './audit-sealer.service';
import { AuditVerifierService } from './audit-verifier.service';
import { AuditService } from './audit.service';

@Global()
@Module({
  providers: [AuditService, AuditSealerService, AuditVerifierService],
  exports: [AuditService, AuditSealerService, AuditVerifierService],
})
export class AuditModule {}
