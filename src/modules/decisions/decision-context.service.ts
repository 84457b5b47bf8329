import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequiredChecksService } from '../checks/required-checks.service';
import { Contact } from '../contacts/persistence/contact.entity';
import { GradeReader } from './ports/grade-reader';
import { DecisionContext, DecisionContextPort } from './ports/decision-context.port';
import { PreClosureWindow } from './ports/pre-closure-window';

/** The decision context: checks (CHK-4) and the referrer's view (DEC-6) from here, grade, flags and calendar from triage. */
@Injectable()
export class DecisionContextService extends DecisionContextPort {
  constructor(
    private readonly grades: GradeReader,
    private readonly calendar: PreClosureWindow,
    private readonly checks: RequiredChecksService,
  ) {
    super();
  }

  async getContext(em: EntityManager, { contactId, subjectId, at }: { contactId: string; subjectId: string; at: Date }): Promise<DecisionContext> {
    const picture = await this.grades.read(em, contactId, subjectId);
    const contact = await em.findOne(Contact, { where: { id: contactId }, select: { id: true, referrerSaysChildProtection: true } });
    const outstanding = picture.grade ? await this.checks.outstandingFor(em, contactId, subjectId, picture.grade) : [];
    return {
      grade: picture.grade,
      frameworkVersion: picture.frameworkVersion,
      flags: picture.flags,
      cpIndicatorEverRecorded: picture.cpIndicatorEverRecorded,
      referrerSaidChildProtection: contact?.referrerSaysChildProtection === true,
      outstandingRequiredChecks: outstanding.map((c) => ({ checkType: c.checkType, scope: c.scope, requiredBy: c.requiredBy })),
      preClosureWindow: await this.calendar.isInPreClosureWindow(at),
    };
  }
}
