import type { ContactStatus } from '../../contacts/domain/contact-vocabulary';

/**
 * How triage moves a contact's status (API.md "Contacts" status): received -> triaged (provisional
 * grade stored) -> in_progress (assigned or grade confirmed); pending_approval while any approval
 * waits; back to in_progress when the last one is settled. `decided` belongs to the decisions issue
 * and triage never leaves it; nor `historical` (imported history, never triaged).
 */
export type TriageEvent = 'graded' | 'assigned' | 'grade_confirmed' | 'approval_requested' | 'approvals_settled';

export function nextContactStatus(current: ContactStatus, event: TriageEvent, pendingApprovals = 0): ContactStatus {
  if (current === 'decided' || current === 'historical') return current;
  switch (event) {
    case 'graded':
      return current === 'received' ? 'triaged' : current;
    case 'assigned':
    case 'grade_confirmed':
      return current === 'received' || current === 'triaged' ? 'in_progress' : current;
    case 'approval_requested':
      return 'pending_approval';
    case 'approvals_settled':
      return current === 'pending_approval' && pendingApprovals === 0 ? 'in_progress' : current;
  }
}
