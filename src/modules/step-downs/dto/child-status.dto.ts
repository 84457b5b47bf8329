import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CHILD_LEVELS, ChildLevel } from '../domain/child-level-vocabulary';
import { CATEGORIES_OF_ABUSE } from '../domain/child-status';

const TEXT = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;
const NOT_BLANK = /\S/;

/** A status change made outside the MASH (API.md "Step-up / step-down"). */
export class RecordStatusDto {
  @ApiProperty({ enum: CHILD_LEVELS, example: 'child_protection' })
  @IsIn(CHILD_LEVELS, { message: `level must be one of: ${CHILD_LEVELS.join(', ')}` })
  level: ChildLevel;

  @ApiPropertyOptional({ example: '2026-11-20T10:00:00Z', description: 'When the level began (e.g. the ICPC)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'startedAt must be an ISO 8601 date-time' })
  startedAt?: string;

  @ApiPropertyOptional({ description: 'When the level ended (e.g. a CP plan ended at review)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'endedAt must be an ISO 8601 date-time' })
  endedAt?: string;

  @ApiPropertyOptional({ enum: CHILD_LEVELS, description: 'With endedAt: the level after (default child_in_need after CP or care, else universal)' })
  @IsOptional()
  @IsIn(CHILD_LEVELS, { message: `nextLevel must be one of: ${CHILD_LEVELS.join(', ')}` })
  nextLevel?: ChildLevel;

  @ApiPropertyOptional({ enum: CATEGORIES_OF_ABUSE, description: 'Required when a CP plan starts' })
  @IsOptional()
  @IsIn(CATEGORIES_OF_ABUSE, { message: `categoryOfAbuse must be one of: ${CATEGORIES_OF_ABUSE.join(', ')}` })
  categoryOfAbuse?: string;

  @ApiProperty({ example: 'ICPC-2026-0042', description: "The case system's or conference's reference" })
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'reference must not be blank' })
  @Matches(TEXT, { message: 'reference must not contain control characters' })
  reference: string;
}
