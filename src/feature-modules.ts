import type { Type } from '@nestjs/common';
import { ContactsModule } from './modules/contacts/contacts.module';
import { PeopleModule } from './modules/people/people.module';

/** Feature modules (src/modules/<feature>) served by the API. Each issue adds its module here. */
export const FEATURE_MODULES: Type[] = [PeopleModule, ContactsModule];

/** Feature job modules (processors, sweeps) run by the worker. */
export const FEATURE_JOB_MODULES: Type[] = [PeopleModule];
