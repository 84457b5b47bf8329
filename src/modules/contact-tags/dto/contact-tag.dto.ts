import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Narrative } from '../../contacts/dto/field-rules';

export class ProposeMaliciousTagDto {
  @ApiProperty({ description: 'What shows the contact was malicious or vexatious (SPEC INT-10)', example: 'Third anonymous call in a month naming the same family; police confirm the caller is a neighbour in a dispute' })
  @Narrative(5000, { required: true })
  @Matches(/\S/, { message: 'evidence must not be blank: say what shows the contact was malicious or vexatious' })
  evidence: string;
}
