import { Module } from '@nestjs/common';
import { TriageCoreModule } from '../triage/triage-core.module';
import { ContactTagsController } from './contact-tags.controller';
import { ContactTagsService } from './contact-tags.service';

/** Tags on contacts (SPEC INT-10): the malicious/vexatious tag, with evidence and a manager's approval. */
@Module({
  imports: [TriageCoreModule],
  controllers: [ContactTagsController],
  providers: [ContactTagsService],
})
export class ContactTagsModule {}
