import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { AGENCY_TYPES, AgencyType, ROLES, Role } from '../../auth/roles';

/** A mail domain (labels of letters, digits and hyphens, dot-separated, a letters-only last label), as an agency's IT would give it. */
const MAIL_DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

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

  @ApiPropertyOptional({
    type: [String],
    example: ['riverside-school.example.sch.uk'],
    description: "The agency's own mail domains: addresses in them (and their subdomains) may receive case content by e-mail; others get a notice to sign in (SPEC SEC-2)",
  })
  @IsOptional()
  @IsArray({ message: 'emailDomains must be a list of domain names' })
  @ArrayMaxSize(20, { message: 'emailDomains may hold at most 20 domains' })
  @Matches(MAIL_DOMAIN, { each: true, message: 'emailDomains must be domain names such as riverside-school.example.sch.uk' })
  emailDomains?: string[];
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
