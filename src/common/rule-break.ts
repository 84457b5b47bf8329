/**
 * One broken rule, as a 4xx names it (API.md error shape): the field, the rule's id and words a
 * person can act on. Domain rules return these; the HTTP layer puts them in `details`.
 */
export interface RuleBreak {
  field: string;
  rule: string;
  message: string;
}
