import { Module } from '@nestjs/common';
import { cinCodeListsProvider, CIN_CODE_LISTS } from './code-lists.provider';
import { ContactsController } from './contacts.controller';
import { ContactsCoreModule } from './contacts-core.module';
import { AgencyTypes } from './persistence/agency-type.repository';
import { ContactIntakeRepository } from './persistence/contact-intake.repository';
import { ContactReadRepository } from './persistence/contact-read.repository';
import { PublicContactsController } from './public-contacts.controller';
import { ContactHouseholdService } from './use-cases/contact-household.service';
import { ContactInformationService } from './use-cases/contact-information.service';
import { ContactIntakeService } from './use-cases/contact-intake.service';
import { ContactReaderService } from './use-cases/contact-reader.service';
import { PublicTrackingService } from './use-cases/public-tracking.service';

/** Contact intake (SPEC §2): professional, police, MASH-recorded and public contacts; reads; added information. */
@Module({
  imports: [ContactsCoreModule],
  controllers: [ContactsController, PublicContactsController],
  providers: [cinCodeListsProvider, ContactHouseholdService, ContactIntakeService, ContactReaderService, ContactInformationService, PublicTrackingService, AgencyTypes, ContactIntakeRepository, ContactReadRepository],
  exports: [CIN_CODE_LISTS, ContactReaderService, ContactIntakeService, ContactInformationService, PublicTrackingService],
})
export class ContactsModule {}
