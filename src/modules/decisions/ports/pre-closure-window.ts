/**
 * PORT, unbound here: the integrator binds it to triage's working-day calendar
 * (`isInPreClosureWindow`). RAG-6: the N working days before a configured closure period.
 */
export abstract class PreClosureWindow {
  abstract isInPreClosureWindow(at: Date): boolean | Promise<boolean>;
}
