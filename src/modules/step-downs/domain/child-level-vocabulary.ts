/** A child's level of need (SPEC STEP-1). */
export const CHILD_LEVELS = ['universal', 'early_help', 'child_in_need', 'child_protection', 'looked_after'] as const;
export type ChildLevel = (typeof CHILD_LEVELS)[number];
