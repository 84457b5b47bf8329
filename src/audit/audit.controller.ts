import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Allow } from '../auth/access.decorator';
import { OVERSIGHT } from '../auth/roles';
import { decodeCursor, encodeCursor, Page, PageQueryDto } from '../common/pagination';
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
    private readonly dataSource: DataSource,
    private readonly verifier: AuditVerifierService,
  ) {}

  @Get()
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'The audit trail, newest first (SPEC MGT-4)' })
  async list(@Query() query: AuditQueryDto): Promise<Page<AuditEvent>> {
    const limit = query.limit ?? 50;
    const before = decodeCursor<string>(query.cursor);
    if (query.cursor && (typeof before !== 'string' || !/^\d+$/.test(before))) throw new BadRequestException('cursor is not valid');
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e').orderBy('e.seq', 'DESC').take(limit + 1);
    if (query.entityType) qb.andWhere('e.entityType = :t', { t: query.entityType });
    if (query.entityId) qb.andWhere('e.entityId = :i', { i: query.entityId });
    if (query.action) qb.andWhere('e.action = :a', { a: query.action });
    if (before) qb.andWhere('e.seq < :before', { before });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].seq) : null };
  }

  @Get('verify')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'Recompute the hash chain; reports the first broken link and rows left unsealed' })
  verify(): Promise<VerifyReport> {
    return this.verifier.verify();
  }
}
