import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkingCalendar } from '../calendar/domain/working-calendar';
import { RequiredChecksService } from '../checks/required-checks.service';
import type { OutstandingCheck } from './domain/decision-guards';
import type { RagGrade } from './domain/decision-vocabulary';
import { DecisionContextRepository } from './persistence/decision-context.repository';

/** Everything about a child a decision's guards read that is not on the decision form. */
export interface DecisionContext {
  grade: RagGrade | null;
  frameworkVersion: string;
  flags: string[];
  cpIndicatorEverRecorded: boolean;
  referrerSaidChildProtection: boolean;
  outstandingRequiredChecks: OutstandingCheck[];
  preClosureWindow: boolean;
}

/**
 * The decision context, read in the decision's transaction: the child's confirmed grade, flags and
 * child-protection history (RAG-3, PPL-4, DEC-4), the referrer's view (DEC-6), the required checks
 * still outstanding (CHK-4) and whether the working-day calendar is in a pre-closure window (RAG-6).
 */
@Injectable()
export class DecisionContextService {
  constructor(
    private readonly reads: DecisionContextRepository,
    private readonly checks: RequiredChecksService,
    private readonly calendar: WorkingCalendar,
  ) {}

  async getContext(em: EntityManager, { contactId, subjectId, at }: { contactId: string; subjectId: string; at: Date }): Promise<DecisionContext> {
    const picture = await this.reads.gradePicture(em, contactId, subjectId);
    const referrerSaidChildProtection = await this.reads.referrerSaysChildProtection(em, contactId);
    const outstanding = picture.grade ? await this.checks.outstandingFor(em, contactId, subjectId, picture.grade) : [];
    return {
      grade: picture.grade,
      frameworkVersion: picture.frameworkVersion,
      flags: picture.flags,
      cpIndicatorEverRecorded: picture.cpIndicatorEverRecorded,
      referrerSaidChildProtection,
      outstandingRequiredChecks: outstanding.map((c) => ({ checkType: c.checkType, scope: c.scope, requiredBy: c.requiredBy })),
      preClosureWindow: this.calendar.isInPreClosureWindow(at),
    };
  }
}
