import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import {
  ACTION_STATUSES, ActionStatus, ATTENDANCE, ICPC_OUTCOMES, IcpcOutcome, Attendance, MEETING_MODES, MeetingMode, STRATEGY_OUTCOMES, STRATEGY_STATUSES, STRATEGY_URGENCIES, StrategyOutcome, StrategyStatus, StrategyUrgency,
} from '../domain/strategy-vocabulary';

/** Narrative text: printable characters and line breaks only. */
const TEXT = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;
const NOT_BLANK = /\S/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RequestStrategyDto {
  @ApiPropertyOptional({ description: 'The contact the child is on (give this or personId)' })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string;

  @ApiPropertyOptional({ description: 'The child (contact_subject id); needed when the contact has more than one child' })
  @IsOptional()
  @IsUUID('all', { message: 'subjectId must be a UUID' })
  subjectId?: string;

  @ApiPropertyOptional({ description: 'The child in the person index (give this or contactId)' })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;

  @ApiProperty({ example: 'Threats to kidnap the child; father released on bail' })
  @IsString()
  @MaxLength(5000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @Matches(TEXT, { message: 'reason must not contain control characters' })
  reason: string;

  @ApiProperty({ enum: STRATEGY_URGENCIES })
  @IsIn(STRATEGY_URGENCIES, { message: `urgency must be one of: ${STRATEGY_URGENCIES.join(', ')}` })
  urgency: StrategyUrgency;
}

export class InviteeDto {
  @ApiProperty()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId: string;

  @ApiPropertyOptional({ description: 'A named user of that agency' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({ description: 'A named person without an account' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(TEXT, { message: 'name must not contain control characters' })
  name?: string;

  @ApiPropertyOptional({ description: "Where this person's minutes go (default: the user's or the agency's address)" })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;
}

export class ConveneDto {
  @ApiProperty({ example: '2026-11-23T10:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'scheduledAt must be an ISO-8601 time' })
  scheduledAt: string;

  @ApiProperty({ enum: MEETING_MODES })
  @IsIn(MEETING_MODES, { message: `mode must be one of: ${MEETING_MODES.join(', ')}` })
  mode: MeetingMode;

  @ApiProperty({ description: 'The chair: a MASH worker or manager (user id)' })
  @IsUUID('all', { message: 'chair must be a UUID (a MASH user)' })
  chair: string;

  @ApiPropertyOptional({ type: [InviteeDto], description: 'Police and children\'s social care are required; health is added by default, and the child\'s GP practice when known. Optional on reconvene (the previous list is carried forward).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InviteeDto)
  invitees?: InviteeDto[];
}

export class DeclineDto {
  @ApiProperty()
  @IsString()
  @MaxLength(5000)
  @Matches(TEXT, { message: 'reason must not contain control characters' })
  reason: string;

  @ApiProperty({ type: [String], description: 'Agency ids consulted before declining (at least one)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'agenciesConsulted must hold agency ids' })
  agenciesConsulted: string[];

  @ApiPropertyOptional({ description: 'Required: what happens for the child instead' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(TEXT, { message: 'alternativePlan must not contain control characters' })
  alternativePlan?: string;
}

export class AttendanceDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'inviteeId must be a UUID' })
  inviteeId?: string;

  @ApiPropertyOptional({ description: 'For someone identified by agency (and user or name), e.g. an uninvited attendee' })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(TEXT, { message: 'name must not contain control characters' })
  name?: string;

  @ApiProperty({ enum: ATTENDANCE })
  @IsIn(ATTENDANCE, { message: `status must be one of: ${ATTENDANCE.join(', ')}` })
  status: Attendance;
}

export class EvidenceSharedDto {
  @ApiProperty({ description: 'contact_evidence id of the discussion\'s contact' })
  @IsUUID('all', { message: 'evidenceId must be a UUID' })
  evidenceId: string;

  @ApiProperty()
  @IsISO8601({ strict: true }, { message: 'sharedWithPoliceAt must be an ISO-8601 time' })
  sharedWithPoliceAt: string;

  @ApiProperty({ description: 'The officer it was shared with (name and collar number)' })
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'sharedWithPoliceBy must not be blank' })
  @Matches(TEXT, { message: 'sharedWithPoliceBy must not contain control characters' })
  sharedWithPoliceBy: string;
}

export class AgencyViewDto {
  @ApiProperty()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId: string;

  @ApiProperty()
  @IsString()
  @MaxLength(5000)
  @Matches(NOT_BLANK, { message: 'view must not be blank' })
  @Matches(TEXT, { message: 'view must not contain control characters' })
  view: string;

  @ApiPropertyOptional({ description: 'Dissent from the outcome, recorded as said' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(TEXT, { message: 'dissent must not contain control characters' })
  dissent?: string;
}

export class ActionDto {
  @ApiProperty()
  @IsString()
  @MaxLength(2000)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  @Matches(TEXT, { message: 'description must not contain control characters' })
  description: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'ownerAgencyId must be a UUID' })
  ownerAgencyId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'ownerUserId must be a UUID' })
  ownerUserId?: string;

  @ApiProperty({ description: 'Who owns it (a name or a role)' })
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'ownerName must not be blank' })
  @Matches(TEXT, { message: 'ownerName must not contain control characters' })
  ownerName: string;

  @ApiProperty({ example: '2026-11-25' })
  @Matches(DATE, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate: string;

  @ApiPropertyOptional({ enum: ACTION_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(ACTION_STATUSES, { message: `status must be one of: ${ACTION_STATUSES.join(', ')}` })
  status?: ActionStatus;
}

export class RecordStrategyDto {
  @ApiPropertyOptional({ description: 'When it was held (default now); not in the future' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'heldAt must be an ISO-8601 time' })
  heldAt?: string;

  @ApiProperty({ type: [AttendanceDto], description: 'One line per invitee; "apologies" only for an invitee' })
  @IsArray()
  @ArrayMinSize(1, { message: 'attendance needs a line per invitee' })
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => AttendanceDto)
  attendance: AttendanceDto[];

  @ApiPropertyOptional({ description: 'What was shared, in words' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @Matches(TEXT, { message: 'informationShared must not contain control characters' })
  informationShared?: string;

  @ApiPropertyOptional({ type: [EvidenceSharedDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EvidenceSharedDto)
  evidenceShared?: EvidenceSharedDto[];

  @ApiPropertyOptional({ type: [AgencyViewDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => AgencyViewDto)
  views?: AgencyViewDto[];

  @ApiProperty({ enum: STRATEGY_OUTCOMES })
  @IsIn(STRATEGY_OUTCOMES, { message: `outcome must be one of: ${STRATEGY_OUTCOMES.join(', ')}` })
  outcome: StrategyOutcome;

  @ApiProperty()
  @IsBoolean({ message: 'icpcRequired must be true or false' })
  icpcRequired: boolean;

  @ApiPropertyOptional({ type: [ActionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ActionDto)
  actions?: ActionDto[];

  @ApiPropertyOptional({ description: 'Required for an s47 outcome' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(TEXT, { message: 'childSeenAlonePlan must not contain control characters' })
  childSeenAlonePlan?: string;
}

export class NotReceivedDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(TEXT, { message: 'note must not contain control characters' })
  note?: string;
}

export class ListStrategyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Police, partners and referrers: the ones you requested or your agency is invited to (always applied for them)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'mine must be true or false' })
  mine?: 'true' | 'false';

  @ApiPropertyOptional({ enum: STRATEGY_STATUSES })
  @IsOptional()
  @IsIn(STRATEGY_STATUSES, { message: `status must be one of: ${STRATEGY_STATUSES.join(', ')}` })
  status?: StrategyStatus;
}

export class ActionStatusDto {
  @ApiProperty({ enum: ACTION_STATUSES })
  @IsIn(ACTION_STATUSES, { message: `status must be one of: ${ACTION_STATUSES.join(', ')}` })
  status: ActionStatus;
}

/** The initial child protection conference as held (SPEC STR-3): it meets the ICPC clock (RAG-5). */
export class RecordIcpcDto {
  @ApiProperty({ example: '2026-12-14T10:00:00Z', description: 'When the conference was held (not in the future, not before the strategy discussion)' })
  @IsISO8601({ strict: true }, { message: 'heldAt must be an ISO-8601 time' })
  heldAt: string;

  @ApiProperty({ enum: ICPC_OUTCOMES })
  @IsIn(ICPC_OUTCOMES, { message: `outcome must be one of: ${ICPC_OUTCOMES.join(', ')}` })
  outcome: IcpcOutcome;
}
