/** The one answer to "what level is this child at", for other features in their own transaction (step-downs owns child_status_transition). */
export { childLevels } from './persistence/child-level.repository';
