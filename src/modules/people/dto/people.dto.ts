import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { CHRONOLOGY_VIEWS } from '../domain/chronology';
import { PERSON_FLAG_KINDS } from '../domain/people-vocabulary';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PeopleSearchQueryDto {
  @ApiPropertyOptional({ description: 'Full name as typed, e.g. "Jack Smyth" (surname last)', example: 'Jack Smyth' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  firstName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string;

  @ApiPropertyOptional({ example: '2019-05-04', description: 'Also finds the day and month transposed, and a year either side' })
  @IsOptional()
  @Matches(DATE, { message: 'dateOfBirth must be a date like 2019-05-04' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: '9434765919' })
  @IsOptional()
  @Matches(/^[\d\s-]{10,14}$/, { message: 'nhsNumber must be 10 digits' })
  nhsNumber?: string;

  @ApiPropertyOptional({ example: 'NE1 4ST' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  postcode?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class HistoryQueryDto extends PageQueryDto {}

export class ChronologyQueryDto {
  @ApiPropertyOptional({ enum: CHRONOLOGY_VIEWS, default: 'full' })
  @IsOptional()
  @IsIn(CHRONOLOGY_VIEWS)
  view?: (typeof CHRONOLOGY_VIEWS)[number];

  @ApiPropertyOptional({ enum: ['json', 'csv', 'html'], default: 'json', description: 'html: a printable page (print stylesheet; every page marked OFFICIAL-SENSITIVE with the child reference)' })
  @IsOptional()
  @IsIn(['json', 'csv', 'html'])
  format?: 'json' | 'csv' | 'html';

  @ApiPropertyOptional({ enum: ['child', 'household'], default: 'child', description: 'household: the child, siblings, linked adults and their children' })
  @IsOptional()
  @IsIn(['child', 'household'])
  scope?: 'child' | 'household';
}

export class LinkPersonDto {
  @ApiPropertyOptional({ description: 'Link to this existing person' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ description: 'Create a new person from this subject instead' })
  @IsOptional()
  @IsBoolean()
  @Equals(true, { message: 'createNew must be true when given' })
  createNew?: boolean;
}

export class UnlinkPersonDto {
  @ApiPropertyOptional({ enum: ['wrong_person', 'duplicate', 'other'] })
  @IsOptional()
  @IsIn(['wrong_person', 'duplicate', 'other'])
  reason?: 'wrong_person' | 'duplicate' | 'other';
}

export class MergePersonDto {
  @ApiProperty({ description: 'The person that remains' })
  @IsUUID()
  intoPersonId: string;

  @ApiProperty({ description: 'Why these are the same person' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class RecordPersonFlagDto {
  @ApiProperty({ enum: PERSON_FLAG_KINDS })
  @IsIn(PERSON_FLAG_KINDS)
  kind: (typeof PERSON_FLAG_KINDS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
