import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';

export class ResendFeedbackDto {
  @ApiPropertyOptional({
    description: 'Send to this address instead (e.g. a bounced or missing address; an unmatched GP practice). Recorded in the audit trail.',
    example: 'safeguarding@hillview-gp.example.nhs.uk',
  })
  @IsOptional()
  @IsEmail({}, { message: 'recipientEmail must be an e-mail address' })
  @MaxLength(320)
  recipientEmail?: string;
}
