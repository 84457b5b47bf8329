import { Module } from '@nestjs/common';
import { ChecksModule } from '../../modules/checks/checks.module';
import { ContactsModule } from '../../modules/contacts/contacts.module';
import { DecisionsModule } from '../../modules/decisions/decisions.module';
import { FeedbackModule } from '../../modules/feedback/feedback.module';
import { PeopleModule } from '../../modules/people/people.module';
import { StepDownsModule } from '../../modules/step-downs/step-downs.module';
import { TriageModule } from '../../modules/triage/triage.module';
import { ChildRecordController } from './child-record.controller';
import { ContactPagesController } from './contact-pages.controller';
import { IntakePagesController } from './intake-pages.controller';
import { QueueController } from './queue.controller';

/**
 * The MASH worker's pages (SPEC WEB-4): triage queue, a contact's task list, grades, matches, a
 * child's record, recording a phone contact and finding a child. IntakePagesController comes first so
 * /mash/contacts/new is not read as a contact id.
 */
@Module({
  imports: [TriageModule, PeopleModule, ContactsModule, ChecksModule, DecisionsModule, FeedbackModule, StepDownsModule],
  controllers: [IntakePagesController, QueueController, ContactPagesController, ChildRecordController],
})
export class MashPagesModule {}
