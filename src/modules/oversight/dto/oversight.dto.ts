import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class DrawSampleDto {
  @ApiProperty({ example: '2026-10-01T00:00:00Z', description: 'Start of the period (inclusive)' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-11-01T00:00:00Z', description: 'End of the period (exclusive)' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ example: '2026-10-audit', description: 'Seed of the random draw; the same seed gives the same sample. Default: a new random seed, returned.' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: 'seed must be 1-100 letters, digits, dots, dashes or underscores' })
  seed?: string;
}

export class AuditAnswersDto {
  @ApiProperty({ description: 'The sampled decision answered for' })
  @IsUUID()
  decisionId: string;

  @ApiProperty({ description: 'Answers keyed by the question ids of config/audit-form.yaml', example: { gradeRight: 'yes', decisionRight: 'no', historyConsidered: 'yes', childsVoice: 'not_applicable', hindsightS47: 'yes', learning: '...' } })
  @IsObject()
  answers: Record<string, unknown>;
}

export class PeriodQueryDto {
  @ApiPropertyOptional({ description: 'Start (inclusive), ISO-8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive), ISO-8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class DashboardQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ default: 2, description: 'A running clock due within this many hours is a near-breach' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(72)
  nearBreachHours?: number;
}

export class ExportQueryDto {
  @ApiProperty({ description: 'Start (inclusive), ISO-8601' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ description: 'End (exclusive), ISO-8601' })
  @IsISO8601({ strict: true })
  to: string;
}

export class BoardPackQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class AccessLogQueryDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
