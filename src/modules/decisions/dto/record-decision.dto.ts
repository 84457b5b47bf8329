import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CHILD_SEEN_ALONE, ChildSeenAlone, DECISION_OUTCOMES, DecisionOutcome, THRESHOLD_LEVELS, ThresholdLevel } from '../domain/decision-vocabulary';

const TEXT = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
const NO_CONTROL = { message: '$property must not contain control characters' };

export class LeadProfessionalDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') userId?: string;
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(200) @Matches(TEXT, NO_CONTROL) name: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') agencyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
}

/** The decision form (SPEC DEC-1 to DEC-6): reason codes plus free text, never guessed from text. */
export class RecordDecisionDto {
  @ApiProperty({ enum: DECISION_OUTCOMES }) @IsIn(DECISION_OUTCOMES, { message: `outcome must be one of: ${DECISION_OUTCOMES.join(', ')}` }) outcome: DecisionOutcome;
  @ApiProperty({ enum: THRESHOLD_LEVELS }) @IsInt() @IsIn(THRESHOLD_LEVELS, { message: 'thresholdLevel must be 1, 2, 3 or 4' }) thresholdLevel: ThresholdLevel;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) @Matches(TEXT, NO_CONTROL) rationale: string;
  @ApiProperty({ description: 'The worker attests the history of the child, siblings and household adults was reviewed (Q CHR-6)' })
  @IsBoolean()
  historyReviewed: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) @Matches(TEXT, NO_CONTROL) riskAnalysis?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) @Matches(TEXT, NO_CONTROL) reasonsThresholdNotMet?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(1000, { each: true }) alternativeSupport?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Codes from config/decision-reasons.yaml' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  reasonCodes?: string[];
  @ApiPropertyOptional({ enum: CHILD_SEEN_ALONE }) @IsOptional() @IsIn(CHILD_SEEN_ALONE) childSeenAlone?: ChildSeenAlone;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) @Matches(TEXT, NO_CONTROL) childSeenAloneWhyNot?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() checksDone?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() strategyDiscussionConsidered?: boolean;
  @ApiPropertyOptional({ description: "How the decision answers a referrer who called it child protection (DEC-6)" })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(TEXT, NO_CONTROL)
  referrerDisagreementAddressed?: string;
  @ApiPropertyOptional({ description: 'Managers only: the reason for overriding a DEC-3 guard' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(TEXT, NO_CONTROL)
  overrideReason?: string;
  @ApiPropertyOptional({ type: LeadProfessionalDto }) @IsOptional() @ValidateNested() @Type(() => LeadProfessionalDto) leadProfessional?: LeadProfessionalDto;
}

export class SupersedeDecisionDto extends RecordDecisionDto {
  @ApiProperty({ description: 'Why this decision replaces the signed-off one (DEC-5)' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(TEXT, NO_CONTROL)
  reason: string;
}
