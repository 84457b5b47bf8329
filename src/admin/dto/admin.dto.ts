import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { AGENCY_TYPES, AgencyType, ROLES, Role } from '../../auth/roles';

export class CreateAgencyDto {
  @ApiProperty({ example: 'Northshire Primary School' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ enum: AGENCY_TYPES })
  @IsIn(AGENCY_TYPES, { message: `type must be one of: ${AGENCY_TYPES.join(', ')}` })
  type: AgencyType;

  @ApiPropertyOptional({ description: "The agency's safeguarding inbox, for feedback and notifications" })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;
}

/**
 * A new account. There is no password: the user is e-mailed a single-use link to choose one, once
 * the account may be used (at once for an administrator; after a second administrator approves a
 * role that reads case data).
 */
export class CreateUserDto {
  @ApiProperty() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;

  @ApiProperty() @IsUUID('all', { message: 'agencyId must be a UUID' }) agencyId: string;

  @ApiPropertyOptional({ description: 'When access ends (required for auditors, SPEC SEC-4)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'accessExpiresAt must be an ISO-8601 date-time' })
  accessExpiresAt?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ description: 'When access ends (required for auditors, SPEC SEC-4)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'accessExpiresAt must be an ISO-8601 date-time' })
  accessExpiresAt?: string;
}
