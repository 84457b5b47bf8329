/** What other features may read of threshold decisions, in their own transaction (decisions owns threshold_decision). */
export { thresholdDecisions } from './persistence/threshold-decision.records';
export type { ThresholdDecision as ThresholdDecisionRow } from './persistence/threshold-decision.entity';
