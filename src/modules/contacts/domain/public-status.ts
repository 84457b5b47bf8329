import type { ContactStatus } from './contact-vocabulary';

/**
 * What a member of the public is told about their contact (SPEC FB-2): plain words only, no case
 * detail. The feedback module may later supply the outcome in words; until then the stage is told.
 */
export type PublicStage = 'received' | 'being_looked_at' | 'decided';

export function publicStatus(status: ContactStatus): { status: PublicStage; outcomeSummary: string } {
  switch (status) {
    case 'received':
      return { status: 'received', outcomeSummary: 'We have received your report. A social worker will look at it, usually within one working day.' };
    case 'triaged':
    case 'in_progress':
    case 'pending_approval':
      return { status: 'being_looked_at', outcomeSummary: 'A social worker is looking at your report and deciding what needs to happen next.' };
    case 'decided':
    case 'historical':
      return {
        status: 'decided',
        outcomeSummary: 'A decision has been made about what needs to happen next. To keep the family’s information private we cannot share details.',
      };
  }
}
