import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ContactsCoreModule } from '../contacts/contacts-core.module';
import { ChronologyService } from './chronology/chronology.service';
import { ChallengeEventsSource } from './chronology/sources/challenge-events.source';
import { CheckEventsSource } from './chronology/sources/check-events.source';
import { ContactEventsSource } from './chronology/sources/contact-events.source';
import { DecisionEventsSource } from './chronology/sources/decision-events.source';
import { FeedbackEventsSource } from './chronology/sources/feedback-events.source';
import { GradeEventsSource } from './chronology/sources/grade-events.source';
import { StatusEventsSource } from './chronology/sources/status-events.source';
import { AccumulationFlagsService } from './flags/accumulation-flags.service';
import { HistoryService } from './history/history.service';
import { HouseholdChangesService } from './household-changes.service';
import { ContactPeopleService } from './matching/contact-people.service';
import { PersonIndexRepository } from './persistence/person-index.repository';
import { PersonLinksService } from './matching/person-links.service';
import { PersonMatcherService } from './matching/person-matcher.service';
import { PersonMergesService } from './matching/person-merges.service';
import { loadPeopleConfig, PEOPLE_CONFIG } from './people-config.provider';
import { PeopleExtensionsRegistry } from './people-extensions.registry';
import { PeopleForTriage } from './people-for-triage';
import { PeopleForTriageService } from './people-for-triage.service';
import { PeopleReadService } from './people-read.service';
import { PeopleController } from './people.controller';
import { PersonFlagsService } from './person-flags.service';
import { PersonLinksController } from './person-links.controller';

/**
 * People, matching, history, accumulation flags and chronology (SPEC PPL-1 to PPL-5). Serves the API
 * (controllers) and the worker (PeopleForTriage for the triage processor). Other modules add to the
 * history and chronology through the extension points in people-extensions.ts.
 */
@Module({
  imports: [DiscoveryModule, ContactsCoreModule],
  controllers: [PeopleController, PersonLinksController],
  providers: [
    // Validated at boot: an invalid config/people-*.yaml stops the process.
    { provide: PEOPLE_CONFIG, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadPeopleConfig(config.configDir) },
    PersonMatcherService,
    PersonIndexRepository,
    AccumulationFlagsService,
    ContactPeopleService,
    PersonLinksService,
    PersonMergesService,
    PersonFlagsService,
    PeopleReadService,
    HistoryService,
    ChronologyService,
    PeopleExtensionsRegistry,
    HouseholdChangesService,
    ContactEventsSource,
    DecisionEventsSource,
    StatusEventsSource,
    GradeEventsSource,
    CheckEventsSource,
    FeedbackEventsSource,
    ChallengeEventsSource,
    { provide: PeopleForTriage, useClass: PeopleForTriageService },
  ],
  exports: [PeopleForTriage, PEOPLE_CONFIG, HouseholdChangesService, PeopleReadService, HistoryService, ChronologyService, PersonLinksService],
})
export class PeopleModule {}
