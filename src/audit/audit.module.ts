import { Global, Module } from '@nestjs/common';
import { AuditSealerService } from './audit-sealer.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditVerifierService } from './audit-verifier.service';
import { AuditService } from './audit.service';

@Global()
@Module({
  providers: [AuditService, AuditSealerService, AuditVerifierService, AuditTrailService],
  exports: [AuditService, AuditSealerService, AuditVerifierService, AuditTrailService],
})
export class AuditModule {}
