/** Why the child goes back to the triage queue; the words the worker reads on the new contact. */
export const REQUEUE_NOTES = {
  rejected: 'Step-down to early help rejected by the receiving agency: returned to the MASH for triage',
  hard_limit: 'Step-down to early help not accepted within the hard limit: returned to the MASH for triage automatically',
  consent_declined: 'Reconsider threshold: the family declined early help (SPEC STEP-5)',
  challenge_changed: 'Step-down to early help changed on challenge (SPEC ESC-1): returned to the MASH for triage',
} as const;
export type RequeueReason = keyof typeof REQUEUE_NOTES;
