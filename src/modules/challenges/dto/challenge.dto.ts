import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { DECISION_OUTCOMES, DecisionOutcome } from '../../decisions/domain/decision-vocabulary';
import { LeadProfessionalDto, StepDownHandoverDto } from '../../decisions/dto/record-decision.dto';
import { CHALLENGE_OUTCOMES, CHALLENGE_TARGET_TYPES, ChallengeOutcome, ChallengeTargetType, MEETING_CRITERIA, MeetingCriterion } from '../domain/escalation';

export class RaiseChallengeDto {
  @ApiProperty({ enum: CHALLENGE_TARGET_TYPES, description: 'decision: a threshold_decision id; grade: the contact_subject id of the child; strategy_decline / step_down: their ids' })
  @IsIn([...CHALLENGE_TARGET_TYPES])
  targetType: ChallengeTargetType;

  @ApiProperty()
  @IsUUID()
  targetId: string;

  @ApiProperty({ example: 'We believe the threshold for a child protection enquiry was met: ...' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  reason: string;
}

/** The new decision when a challenge of a decision ends `changed` (it supersedes the old one, SPEC DEC-5). */
export class NewDecisionDto {
  @ApiProperty({ enum: DECISION_OUTCOMES }) @IsIn([...DECISION_OUTCOMES]) outcome: DecisionOutcome;
  @ApiProperty({ minimum: 1, maximum: 4 }) @IsInt() @Min(1) @Max(4) thresholdLevel: 1 | 2 | 3 | 4;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20_000) rationale: string;
  @ApiProperty() @IsBoolean() historyReviewed: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) riskAnalysis?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) reasonsThresholdNotMet?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(2000, { each: true }) alternativeSupport?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true }) reasonCodes?: string[];
  @ApiPropertyOptional({ enum: ['yes', 'no'] }) @IsOptional() @IsIn(['yes', 'no']) childSeenAlone?: 'yes' | 'no';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) childSeenAloneWhyNot?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() checksDone?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() strategyDiscussionConsidered?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) referrerDisagreementAddressed?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) overrideReason?: string;
  /** As on the decision form: an early_help decision names a reachable lead professional and the step-down (SPEC STEP-2). */
  @ApiPropertyOptional({ type: LeadProfessionalDto }) @IsOptional() @ValidateNested() @Type(() => LeadProfessionalDto) leadProfessional?: LeadProfessionalDto;
  @ApiPropertyOptional({ type: StepDownHandoverDto, description: 'early_help: risk handover, plan and review date of the step-down (SPEC STEP-2)' }) @IsOptional() @ValidateNested() @Type(() => StepDownHandoverDto) stepDown?: StepDownHandoverDto;
}

export class RespondChallengeDto {
  @ApiProperty({ enum: CHALLENGE_OUTCOMES })
  @IsIn([...CHALLENGE_OUTCOMES])
  outcome: ChallengeOutcome;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  reason: string;

  @ApiPropertyOptional({ type: NewDecisionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NewDecisionDto)
  newDecision?: NewDecisionDto;
}

export class ListChallengesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: the challenges you raised (referrer, police, partner); MASH staff and auditors see every challenge without it' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ enum: ['open', 'resolved'] })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';
}

export class RequestMeetingDto {
  @ApiProperty() @IsUUID() contactId: string;
  @ApiPropertyOptional({ description: 'contact_subject id of the child, when about one child' }) @IsOptional() @IsUUID() subjectId?: string;
  @ApiProperty({ enum: MEETING_CRITERIA }) @IsIn([...MEETING_CRITERIA]) criterion: MeetingCriterion;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) reason: string;
}

export class AnswerMeetingDto {
  @ApiProperty({ enum: ['agreed', 'declined'] }) @IsIn(['agreed', 'declined']) answer: 'agreed' | 'declined';
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) reason: string;
  @ApiPropertyOptional({ description: 'When agreed: when the meeting is' }) @IsOptional() @IsISO8601({ strict: true }) meetingAt?: string;
}
