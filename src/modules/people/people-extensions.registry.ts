import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CHRONOLOGY_SOURCE, ChronologySource, HISTORY_ANNOTATOR, HistoryAnnotator } from './people-extensions';

/** Finds every chronology source and history annotator in the application, whichever module provides it. */
@Injectable()
export class PeopleExtensionsRegistry implements OnModuleInit {
  chronologySources: ChronologySource[] = [];
  historyAnnotators: HistoryAnnotator[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const marked = (key: string) => [
      ...new Set(
        this.discovery
          .getProviders()
          .filter((w) => w.metatype && w.instance && Reflect.getMetadata(key, w.metatype))
          .map((w) => w.instance),
      ),
    ];
    this.chronologySources = marked(CHRONOLOGY_SOURCE) as ChronologySource[];
    this.historyAnnotators = marked(HISTORY_ANNOTATOR) as HistoryAnnotator[];
  }
}
