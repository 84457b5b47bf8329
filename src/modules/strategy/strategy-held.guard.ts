import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { contactParts, SubjectRow } from '../contacts/contact-records';
import type { DecisionGuardContribution } from '../decisions/decision-contributions';
import type { ContributedFinding } from '../decisions/domain/contributed-findings';
import { childLevels } from '../step-downs/child-levels';
import { SEXUAL_ABUSE_OR_EXPLOITATION, STR2_SATISFYING_OUTCOMES } from './domain/strategy-vocabulary';
import { strategyRows } from './persistence/strategy-discussion.repository';
import { StrategyPorts } from './strategy-ports';

/**
 * SPEC STR-2 as a contributed decision guard: when one of the cases applies, the decision for the
 * child cannot be an outcome lower than strategy_discussion / immediate_protection unless a strategy
 * discussion for the child has been held (recorded with an outcome). A manager may override with a
 * reason; the decisions module then sends the decision for approval (DEC-4).
 *
 * The cases (rule ids):
 * - STR-2.reasonable-cause: the child's grade is RED (reasonable cause to suspect significant harm, RAG-1).
 * - STR-2.cp-plan-allegation: the child is on a child protection plan (the latest child_status_transition
 *   of the child's person is to child_protection): this contact is a new allegation or injury.
 * - STR-2.joint-incident: police and children's social care attended the same incident, as the
 *   contact says (socialCareAttended). A police notification alone is not a joint incident: most police
 *   domestic abuse notifications are sent after officers attended alone, and a GREEN one about an
 *   older child needs no strategy discussion of itself (its grade, a CP plan or the concerns may
 *   still require one, by the other cases).
 * - STR-2.sexual-abuse-or-exploitation: a concern about this child is sexual_abuse or cse_cce.
 */
@Injectable()
export class StrategyHeldGuard implements DecisionGuardContribution {
  readonly name = 'strategy.STR-2';

  constructor(private readonly ports: StrategyPorts) {}

  async evaluate(em: EntityManager, input: { contactId: string; subjectId: string; outcome: string }): Promise<ContributedFinding[]> {
    if ((STR2_SATISFYING_OUTCOMES as readonly string[]).includes(input.outcome)) return [];
    const subject = await contactParts.subject(em, input.subjectId, { id: true, personId: true, contactId: true });
    const contact = await contactParts.contact(em, input.contactId, { id: true, socialCareAttended: true, receivedAt: true });
    if (!subject || !contact) return [];
    if (await this.heldFor(em, subject, contact.receivedAt)) return [];

    const concerns = (await contactParts.concerns(em, input.contactId, { id: true, category: true, subjectIds: true }))
      .filter((c) => c.subjectIds.length === 0 || c.subjectIds.includes(subject.id));
    const categories = new Set(concerns.map((c) => c.category));
    const found: ContributedFinding[] = [];
    const add = (rule: string, why: string) =>
      found.push({
        rule,
        field: 'outcome',
        message: `A strategy discussion is required: ${why} (SPEC STR-2). Decide strategy_discussion or immediate_protection, record the discussion as held first, or a manager overrides with a reason`,
      });
    if ((await this.ports.gradeOf(em, input.contactId, input.subjectId)) === 'RED') add('STR-2.reasonable-cause', 'the child is graded RED (reasonable cause to suspect significant harm)');
    if (subject.personId) {
      if ((await childLevels.current(em, subject.personId)) === 'child_protection') add('STR-2.cp-plan-allegation', 'a new allegation or injury for a child on a child protection plan');
    }
    if (contact.socialCareAttended === true) add('STR-2.joint-incident', 'police and children\'s social care attended the same incident');
    if (SEXUAL_ABUSE_OR_EXPLOITATION.some((c) => categories.has(c))) add('STR-2.sexual-abuse-or-exploitation', 'the referrer named sexual abuse or exploitation');
    return found;
  }

  /** A discussion for this child held for this contact, or for the same person since the contact came in. */
  private heldFor(em: EntityManager, subject: Pick<SubjectRow, 'id' | 'personId'>, since: Date): Promise<boolean> {
    return strategyRows.heldFor(em, subject, since);
  }
}
