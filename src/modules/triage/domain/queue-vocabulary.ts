/** How the triage queue can be ordered: by decision due time (the default, cursor-paged) or otherwise (offset-paged). */
export const QUEUE_SORTS = ['due', 'due-desc', 'received', 'received-desc', 'grade'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** A child's age on the day the contact was received, as the queue filters it. */
export const AGE_BANDS = ['unborn', 'under-1', '1-4', '5-10', '11-15', '16-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
