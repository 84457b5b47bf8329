import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { cinCodeListsProvider, CIN_CODE_LISTS } from './code-lists.provider';
import { ContactsController } from './contacts.controller';
import { AgencyTypes } from './persistence/agency-types';
import { ReferenceSequences } from './persistence/reference-sequences';
import { PublicContactsController } from './public-contacts.controller';
import { ContactInformationService } from './use-cases/contact-information.service';
import { ContactIntake } from './use-cases/contact-intake.service';
import { ContactReader } from './use-cases/contact-reader.service';
import { PublicTracking } from './use-cases/public-tracking.service';

/** Contact intake (SPEC §2): professional, police, MASH-recorded and public contacts; reads; added information. */
@Module({
  imports: [FeedbackModule],
  controllers: [ContactsController, PublicContactsController],
  providers: [cinCodeListsProvider, ContactIntake, ContactReader, ContactInformationService, PublicTracking, ReferenceSequences, AgencyTypes],
  exports: [CIN_CODE_LISTS, ContactReader, ContactIntake, ContactInformationService, PublicTracking],
})
export class ContactsModule {}
