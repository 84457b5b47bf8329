import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { CONTACT_STATUSES, ContactStatus } from '../../contacts/domain/contact-vocabulary';
import { Grade, GRADES } from '../domain/grades';

/** Free text may hold line breaks and tabs, never other control characters (\p{Cc} minus \t \n \r). */
const NO_CONTROL = /^(?:[\t\n\r]|[^\p{Cc}])*$/u;

export class QueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: GRADES })
  @IsOptional()
  @IsIn(GRADES, { message: `grade must be one of: ${GRADES.join(', ')}` })
  grade?: Grade;

  @ApiPropertyOptional({ enum: CONTACT_STATUSES })
  @IsOptional()
  @IsIn(CONTACT_STATUSES, { message: `status must be one of: ${CONTACT_STATUSES.join(', ')}` })
  status?: ContactStatus;

  @ApiPropertyOptional({ description: 'A user id, "me", or "none" for contacts nobody holds' })
  @IsOptional()
  @ValidateIf((o: QueueQueryDto) => o.assignedTo !== 'me' && o.assignedTo !== 'none')
  @IsUUID('all', { message: 'assignedTo must be a user id, "me" or "none"' })
  assignedTo?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only contacts whose decision deadline has (or has not) been breached' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'breached must be true or false' })
  breached?: 'true' | 'false';
}

export class AssignDto {
  @ApiPropertyOptional({ description: 'Who is to hold the contact; omit to take it yourself' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;
}

export class GradeDto {
  @ApiProperty({ enum: GRADES })
  @IsIn(GRADES, { message: `grade must be one of: ${GRADES.join(', ')}` })
  grade: Grade;

  @ApiProperty({ example: 'AMBER.harm-not-ruled-out', description: "A criterion id of the chosen grade (GET .../triage lists them under framework.grades)" })
  @IsString({ message: 'criterion must be text' })
  @MaxLength(100)
  criterion: string;

  @ApiProperty({ example: 'Checks needed with school and GP before harm can be ruled out.' })
  @IsString({ message: 'rationale must be text' })
  @MinLength(10, { message: 'rationale must say why, in at least 10 characters' })
  @MaxLength(5000)
  @Matches(NO_CONTROL, { message: 'rationale must not contain control characters' })
  rationale: string;
}

export class HandGradeDto extends GradeDto {
  @ApiProperty({ description: 'The child (contact_subject id)' })
  @IsUUID('all', { message: 'subjectId must be a UUID' })
  subjectId: string;
}

/** POST /contacts/:id/grade-by-hand: a grade, criterion and rationale for every child of the contact. */
export class GradeByHandDto {
  @ApiProperty({ type: [HandGradeDto] })
  @IsArray({ message: 'children must be a list' })
  @ArrayMinSize(1, { message: 'children must grade every child of the contact' })
  @ArrayMaxSize(60, { message: 'children may hold at most 60 entries' })
  @ValidateNested({ each: true })
  @Type(() => HandGradeDto)
  children: HandGradeDto[];
}

export class ApproveDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'comments must be text' })
  @MaxLength(5000)
  @Matches(NO_CONTROL, { message: 'comments must not contain control characters' })
  comments?: string;
}

export class RejectDto {
  @ApiProperty({ description: 'Why it is returned (required)' })
  @IsString({ message: 'comments must be text' })
  @MinLength(5, { message: 'comments must say why it is returned' })
  @MaxLength(5000)
  @Matches(NO_CONTROL, { message: 'comments must not contain control characters' })
  comments: string;
}

export class ApprovalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'], { message: 'status must be pending, approved or rejected' })
  status?: 'pending' | 'approved' | 'rejected';

  @ApiPropertyOptional({ example: 'grade_lowering' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  kind?: string;

  @ApiPropertyOptional({ description: 'Only the requests about this contact' })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string;
}
