import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsEmail, IsIn, IsInt, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { Narrative, OneOf, OptionalBoolean, Text, TextList } from '../../contacts/dto/field-rules';
import { CHILD_SEEN_ALONE, ChildSeenAlone, DECISION_OUTCOMES, DecisionOutcome, THRESHOLD_LEVELS, ThresholdLevel } from '../domain/decision-vocabulary';

export class LeadProfessionalDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') userId?: string;
  @ApiProperty() @Text(200, { required: true }) name: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') agencyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
}

export class StepDownPlanActionDto {
  @ApiProperty() @Narrative(2000, { required: true }) action: string;
  @ApiProperty() @Text(200, { required: true }) owner: string;
  @ApiProperty() @Narrative(2000, { required: true }) successCriteria: string;
}

export class StepDownPlanDto {
  @ApiProperty({ type: [StepDownPlanActionDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => StepDownPlanActionDto) actions: StepDownPlanActionDto[];
}

/** The step-down an early_help decision proposes (SPEC STEP-2); which parts are missing is a 422 of the step-down guard. */
export class StepDownHandoverDto {
  @ApiPropertyOptional() @Narrative(8000) riskHandover?: string;
  @ApiPropertyOptional({ description: '{actions: [{action, owner, successCriteria}]}' }) @IsOptional() @ValidateNested() @Type(() => StepDownPlanDto) plan?: StepDownPlanDto;
  @ApiPropertyOptional({ example: '2026-12-15' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'stepDown.reviewDate must be a date (YYYY-MM-DD)' }) @IsDateString({ strict: true }, { message: 'stepDown.reviewDate must be a date (YYYY-MM-DD)' }) reviewDate?: string;
}

/** The decision form (SPEC DEC-1 to DEC-6): reason codes plus free text, never guessed from text. */
export class RecordDecisionDto {
  @ApiProperty({ enum: DECISION_OUTCOMES }) @OneOf(DECISION_OUTCOMES, { required: true }) outcome: DecisionOutcome;
  @ApiProperty({ enum: THRESHOLD_LEVELS }) @IsInt() @IsIn(THRESHOLD_LEVELS, { message: 'thresholdLevel must be 1, 2, 3 or 4' }) thresholdLevel: ThresholdLevel;
  @ApiProperty() @Narrative(10_000, { required: true }) rationale: string;
  @ApiProperty({ description: 'The worker attests the history of the child, siblings and household adults was reviewed (Q CHR-6)' })
  @IsBoolean({ message: 'historyReviewed must be true or false' })
  historyReviewed: boolean;
  @ApiPropertyOptional() @Narrative(10_000) riskAnalysis?: string;
  @ApiPropertyOptional() @Narrative(10_000) reasonsThresholdNotMet?: string;
  @ApiPropertyOptional({ type: [String] }) @TextList(20, 1000) alternativeSupport?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Codes from config/decision-reasons.yaml' }) @TextList(20, 100) reasonCodes?: string[];
  @ApiPropertyOptional({ enum: CHILD_SEEN_ALONE }) @OneOf(CHILD_SEEN_ALONE) childSeenAlone?: ChildSeenAlone;
  @ApiPropertyOptional() @Narrative(2000) childSeenAloneWhyNot?: string;
  @ApiPropertyOptional() @OptionalBoolean() checksDone?: boolean;
  @ApiPropertyOptional() @OptionalBoolean() strategyDiscussionConsidered?: boolean;
  @ApiPropertyOptional({ description: 'How the decision answers a referrer who called it child protection (DEC-6)' }) @Narrative(5000) referrerDisagreementAddressed?: string;
  @ApiPropertyOptional({ description: 'Managers only: the reason for overriding a DEC-3 guard' }) @Narrative(5000) overrideReason?: string;
  @ApiPropertyOptional({ type: LeadProfessionalDto }) @IsOptional() @ValidateNested() @Type(() => LeadProfessionalDto) leadProfessional?: LeadProfessionalDto;
  @ApiPropertyOptional({ type: StepDownHandoverDto, description: 'early_help: risk handover, plan and review date of the step-down (SPEC STEP-2)' }) @IsOptional() @ValidateNested() @Type(() => StepDownHandoverDto) stepDown?: StepDownHandoverDto;
}

export class SupersedeDecisionDto extends RecordDecisionDto {
  @ApiProperty({ description: 'Why this decision replaces the signed-off one (DEC-5)' }) @Narrative(5000, { required: true }) reason: string;
}
