import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { AGENCY_TYPES, AgencyType } from '../../../auth/roles';
import { PageQueryDto } from '../../../common/pagination';
import { CHECK_RESPONSES, CHECK_STATUSES, CHECK_TYPES, CheckResponse, CheckStatus, CheckType } from '../domain/check-vocabulary';

/** Narrative text: any printable character and line breaks, no other control characters. */
const TEXT = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;
const NOT_BLANK = /\S/;

export class RequestCheckDto {
  @ApiPropertyOptional({ description: 'The agency asked; or give agencyType to ask every agency of that type' })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;

  @ApiPropertyOptional({ enum: AGENCY_TYPES })
  @IsOptional()
  @IsIn(AGENCY_TYPES, { message: `agencyType must be one of: ${AGENCY_TYPES.join(', ')}` })
  agencyType?: AgencyType;

  @ApiPropertyOptional({ enum: CHECK_TYPES, description: 'Defaults from the agency type where it is plain (police, GP, health visitor, school, probation, housing, other LA)' })
  @IsOptional()
  @IsIn(CHECK_TYPES, { message: `checkType must be one of: ${CHECK_TYPES.join(', ')}` })
  checkType?: CheckType;

  @ApiPropertyOptional({ type: [String], description: 'contact_subject ids; default every child on the contact' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'subjectIds must hold UUIDs' })
  subjectIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Person-index ids of children or adults on the contact' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'subjectPersonIds must hold UUIDs' })
  subjectPersonIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'contact_household_member ids (e.g. the adults for a police check)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'householdMemberIds must hold UUIDs' })
  householdMemberIds?: string[];

  @ApiProperty({ example: 'Bruising reported by school; AMBER pending checks' })
  @IsString()
  @MaxLength(4000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @Matches(TEXT, { message: 'reason must not contain control characters' })
  reason: string;

  @ApiProperty({ type: [String], example: ['Is the child registered with you?', 'Any injuries or missed appointments in the last 12 months?'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'questions must hold at least one question' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(2000, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'questions must not be blank' })
  @Matches(TEXT, { each: true, message: 'questions must not contain control characters' })
  questions: string[];

  @ApiProperty({ example: 'Children Act 1989 s47; DPA 2018 Sch. 8 para 4 (safeguarding)' })
  @IsString()
  @MaxLength(500)
  @Matches(NOT_BLANK, { message: 'lawfulBasis must not be blank' })
  @Matches(TEXT, { message: 'lawfulBasis must not contain control characters' })
  lawfulBasis: string;

  @ApiPropertyOptional({ description: 'ISO-8601 with offset; default from config/checks.yaml (working days)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO-8601 date-time' })
  dueAt?: string;
}

export class RespondCheckDto {
  @ApiProperty({ enum: CHECK_RESPONSES })
  @IsIn(CHECK_RESPONSES, { message: `status must be one of: ${CHECK_RESPONSES.join(', ')}` })
  status: CheckResponse;

  @ApiPropertyOptional({ description: 'What the agency knows (required when returned)' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  @Matches(TEXT, { message: 'summary must not contain control characters' })
  summary?: string;

  @ApiPropertyOptional({ description: 'Why declined or unable (required then)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(TEXT, { message: 'reason must not contain control characters' })
  reason?: string;
}

export class WaiveCheckDto {
  @ApiProperty({ description: 'Why the decision can go ahead without this check (SPEC CHK-4)' })
  @IsString()
  @MaxLength(4000)
  @Matches(TEXT, { message: 'reason must not contain control characters' })
  reason: string;
}

export class MyChecksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true'], description: 'Checks asked of your agency (the only list partners and police have)' })
  @IsOptional()
  @IsIn(['true'], { message: 'mine must be true' })
  mine?: 'true';

  @ApiPropertyOptional({ enum: CHECK_STATUSES })
  @IsOptional()
  @IsIn(CHECK_STATUSES, { message: `status must be one of: ${CHECK_STATUSES.join(', ')}` })
  status?: CheckStatus;
}
