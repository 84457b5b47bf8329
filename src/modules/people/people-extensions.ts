import { SetMetadata } from '@nestjs/common';
import type { ChronologyEvent } from './domain/chronology';

/**
 * Extension points other modules plug into (SPEC PPL-3, PPL-5), so the history and chronology are
 * generated from every module's own records and never typed in by hand. A module adds a provider
 * class decorated with @ChronologySourceProvider() or @HistoryAnnotatorProvider() to its own Nest
 * module; the people module finds it at start-up (Nest DiscoveryService). Nothing to register here.
 */

export interface ChronologyQuery {
  /** The persons whose events to return (a child and anyone merged into it; or a household). */
  personIds: string[];
  /** Events on or before this instant only. */
  until: Date;
}

export interface ChronologySource {
  /** The owning module, shown in the chronology's `module` column (contacts, triage, decisions, strategy...). */
  readonly module: string;
  events(query: ChronologyQuery): Promise<ChronologyEvent[]>;
}

export const CHRONOLOGY_SOURCE = 'mash:people:chronology-source';
export const ChronologySourceProvider = () => SetMetadata(CHRONOLOGY_SOURCE, true);

/** Adds a module's view of each contact to a history item, e.g. triage adds `grades`. */
export interface HistoryAnnotator {
  /** The property name on each history item, e.g. "grades". */
  readonly key: string;
  annotate(contactIds: string[]): Promise<Map<string, unknown>>;
}

export const HISTORY_ANNOTATOR = 'mash:people:history-annotator';
export const HistoryAnnotatorProvider = () => SetMetadata(HISTORY_ANNOTATOR, true);
