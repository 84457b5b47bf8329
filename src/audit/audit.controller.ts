import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../auth/access.decorator';
import { OVERSIGHT } from '../auth/roles';
import { Page, PageQueryDto } from '../common/pagination';
import { AuditTrailService } from './audit-trail.service';
import { AuditVerifierService, VerifyReport } from './audit-verifier.service';
import { AuditEvent } from './persistence/audit-event.entity';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) action?: string;
}

@ApiTags('oversight')
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly verifier: AuditVerifierService,
  ) {}

  @Get()
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'The audit trail, newest first (SPEC MGT-4)' })
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEvent>> {
    return this.trail.list({ entityType: query.entityType, entityId: query.entityId, action: query.action }, query.limit ?? 50, query.cursor);
  }

  @Get('verify')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'Recompute the hash chain; reports the first broken link and rows left unsealed' })
  verify(): Promise<VerifyReport> {
    return this.verifier.verify();
  }
}
