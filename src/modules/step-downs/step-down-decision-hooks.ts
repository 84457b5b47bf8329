import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DecisionExtensions } from '../decisions/extensions/decision-extensions';
import { RuleViolationException } from '../../common/errors';
import { STEP_DOWN_RULES, stepDownBlocks } from './domain/step-down-blocks';
import { readStepDownFacts } from './persistence/step-down-facts';
import { StepDownsService } from './step-downs.service';

/**
 * Hooks step-downs into decisions: an early_help decision shows the STEP-3 blocks on the decision
 * screen (a manager may override them with a reason, then DEC-4 approval), and once final proposes
 * the step-down in the decision's transaction (where the sexual abuse block, which nothing lifts,
 * refuses it and so the decision).
 */
@Injectable()
export class StepDownDecisionHooks implements OnModuleInit {
  constructor(
    private readonly extensions: DecisionExtensions,
    private readonly stepDowns: StepDownsService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  onModuleInit(): void {
    this.extensions.addGuard({
      name: 'step-downs.blocks',
      evaluate: async (em, input) => {
        if (input.outcome !== 'early_help') return [];
        const [s] = await em.query('SELECT person_id FROM contact_subject WHERE id = $1', [input.subjectId]);
        const now = this.now();
        // The decision being recorded resolves this child's allegations on this contact: only others count.
        const facts = await readStepDownFacts(em, { contactId: input.contactId, subjectId: input.subjectId, personId: s?.person_id ?? null }, now, { resolving: input.subjectId });
        const findings = stepDownBlocks(facts, now).map(({ rule, message }) => ({ rule, field: 'outcome', message }));
        // Contributed findings are overridable by a manager; this one never is, so it refuses the decision here.
        if (findings.some((f) => f.rule === STEP_DOWN_RULES.sexualAbuse)) {
          throw new RuleViolationException('A sexual abuse concern is never stepped down to early help: see details', findings);
        }
        return findings;
      },
    });
    this.extensions.addEffect({ name: 'step-downs.propose', onFinal: (em, decision, actor) => this.stepDowns.createFromDecision(em, decision, actor) });
  }
}
