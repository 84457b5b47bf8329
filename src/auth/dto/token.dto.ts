import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';

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
