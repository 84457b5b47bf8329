import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ChronologyService } from './chronology/chronology.service';
import { ContactEventsSource } from './chronology/sources/contact-events.source';
import { DecisionEventsSource } from './chronology/sources/decision-events.source';
import { StatusEventsSource } from './chronology/sources/status-events.source';
import { AccumulationFlagsService } from './flags/accumulation-flags.service';
import { HistoryService } from './history/history.service';
import { ContactPeopleService } from './matching/contact-people.service';
import { PersonIndexWriter } from './matching/person-index.writer';
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
  imports: [DiscoveryModule],
  controllers: [PeopleController, PersonLinksController],
  providers: [
    // Validated at boot: an invalid config/people-*.yaml stops the process.
    { provide: PEOPLE_CONFIG, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadPeopleConfig(config.configDir) },
    PersonMatcherService,
    PersonIndexWriter,
    AccumulationFlagsService,
    ContactPeopleService,
    PersonLinksService,
    PersonMergesService,
    PersonFlagsService,
    PeopleReadService,
    HistoryService,
    ChronologyService,
    PeopleExtensionsRegistry,
    ContactEventsSource,
    DecisionEventsSource,
    StatusEventsSource,
    { provide: PeopleForTriage, useClass: PeopleForTriageService },
  ],
  exports: [PeopleForTriage, PEOPLE_CONFIG, PeopleReadService, HistoryService, ChronologyService, PersonLinksService],
})
export class PeopleModule {}
