import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LegalHoldReasonDto {
  @ApiProperty({ example: 'Serious case review under way: keep every record of this child (SPEC SEC-5)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
