import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class TokenRequestDto {
  @ApiProperty({ example: 'worker@mash.localhost' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Worker-dev-2026!' })
  @IsString()
  @MaxLength(200)
  password: string;
}

export class TokenUserDto {
  @ApiProperty() id: string;
  @ApiProperty() role: string;
  @ApiProperty() agencyId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

export class TokenResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: TokenUserDto }) user: TokenUserDto;
}

export class SetPasswordDto {
  @ApiProperty({ description: 'The token from the link e-mailed to you' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 12, description: 'Your new password: at least 12 characters' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'worker@mash.localhost' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
}
