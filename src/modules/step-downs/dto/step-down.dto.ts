import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsDateString, IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested,
} from 'class-validator';

/** Narrative text: any printable character and line breaks, no other control characters. */
const TEXT = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;
const NOT_BLANK = /\S/;

export class LeadProfessionalDto {
  @ApiPropertyOptional({ description: 'A user of the receiving agency' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({ description: 'Name, when the lead professional has no account (with email)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @Matches(TEXT, { message: 'name must not contain control characters' })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;
}

export class PlanActionDto {
  @ApiProperty({ example: 'Weekly parenting sessions at the family hub' })
  @IsString()
  @MaxLength(2000)
  @Matches(NOT_BLANK, { message: 'action must not be blank' })
  @Matches(TEXT, { message: 'action must not contain control characters' })
  action: string;

  @ApiProperty({ example: 'Family support worker' })
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'owner must not be blank' })
  @Matches(TEXT, { message: 'owner must not contain control characters' })
  owner: string;

  @ApiProperty({ example: 'School attendance above 95% for six weeks' })
  @IsString()
  @MaxLength(2000)
  @Matches(NOT_BLANK, { message: 'successCriteria must not be blank' })
  @Matches(TEXT, { message: 'successCriteria must not contain control characters' })
  successCriteria: string;
}

export class PlanDto {
  @ApiProperty({ type: [PlanActionDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanActionDto)
  actions: PlanActionDto[];
}

export class CreateStepDownDto {
  @ApiPropertyOptional({ description: 'contact_subject id of the child (or give personId)' })
  @IsOptional()
  @IsUUID('all', { message: 'subjectId must be a UUID' })
  subjectId?: string;

  @ApiPropertyOptional({ description: 'Person-index id of the child (or give subjectId); the latest contact about the child is used' })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;

  // The parts of a complete step-down (SPEC STEP-2) are checked together by the service, so a
  // request without them is one 422 naming each missing part; here only their shape is checked.
  @ApiProperty({ description: "The receiving agency: the lead professional's agency" })
  @IsOptional()
  @IsUUID('all', { message: 'receivingAgencyId must be a UUID' })
  receivingAgencyId?: string;

  @ApiProperty({ type: LeadProfessionalDto, description: 'A user of the receiving agency, or a name and an e-mail address' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadProfessionalDto)
  leadProfessional?: LeadProfessionalDto;

  @ApiProperty({ description: 'What the receiving service must know about the risk' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  @Matches(NOT_BLANK, { message: 'riskHandover must not be blank' })
  @Matches(TEXT, { message: 'riskHandover must not contain control characters' })
  riskHandover?: string;

  @ApiProperty({ type: PlanDto, description: 'At least one action' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlanDto)
  plan?: PlanDto;

  @ApiProperty({ example: '2026-12-15' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'reviewDate must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'reviewDate must be a date (YYYY-MM-DD)' })
  reviewDate?: string;

  @ApiPropertyOptional({ description: 'A senior manager overriding STEP-3 blocks says why (never lifts the sexual abuse block)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(NOT_BLANK, { message: 'overrideReason must not be blank' })
  @Matches(TEXT, { message: 'overrideReason must not contain control characters' })
  overrideReason?: string;
}

export class RejectStepDownDto {
  @ApiProperty({ example: 'The family live outside our area' })
  @IsString()
  @MaxLength(4000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @Matches(TEXT, { message: 'reason must not contain control characters' })
  reason: string;
}

export class ConsentDeclinedDto {
  @ApiPropertyOptional({ example: 'Mother declined early help at the first visit' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(TEXT, { message: 'note must not contain control characters' })
  note?: string;
}
