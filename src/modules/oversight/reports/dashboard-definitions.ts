/**
 * What each dashboard figure means (SPEC MGT-2). Shown in the OpenAPI description of
 * GET /api/v1/reports/dashboard and returned with the figures, so a reader never has to guess.
 */
export const DASHBOARD_DEFINITIONS = {
  period: 'Period figures cover decisions and contacts with their time in [from, to) (default: the 12 weeks before now). "Now" figures are the state at the time of the request.',
  openContacts:
    'Now. Contacts whose status is neither `decided` nor `historical` (imported history), counted by status; by age band (time since received, real time: under_4h, 4h_to_1d, 1d_to_3d, 3d_to_7d, over_7d); and by the contact grade in effect (highest of its children, contact_triage.grade; `ungraded` before grading).',
  slaBreaches:
    'Now. Running SLA clocks (not met, not cancelled) whose due time has passed, by clock kind (config/sla.yaml). nearBreaches: running clocks due within the next `nearBreachHours` hours (default 2).',
  awaitingApproval: 'Now. Approval requests with status `pending` (grade lowerings, decisions, overrides), by kind, with the oldest request time.',
  overdue:
    'Now. feedback: running feedback_due clocks past due, plus feedback e-mails whose delivery failed (status `failed`) or is retrying. minutes: running minutes_distributed clocks past due. checks: agency checks still `requested` after their due time. stepDownAcceptances: running step_down_acceptance clocks past due.',
  workerLoad:
    'Now. For every active MASH worker and manager: open contacts assigned to them, running clocks they hold, and how many of those are past due.',
  thresholdDrift:
    'Period, by ISO week (Monday, Europe/London) of receipt: contacts received, children graded (grade in effect) RED, AMBER and GREEN, and the RED+AMBER share of graded children. A rising volume with a falling RED/AMBER share is the drift to look for.',
  sourceNeutrality:
    'Period, by referrer type (contact.referrer_type): children whose first decision (not a superseding one) became final in the period; NFA count and NFA rate (NFA / decided); median and mean hours from the contact being received to that decision becoming final.',
  recontact:
    'Period: children whose decision was NFA or advice/signpost (a closure at the front door) and became final in the period. For each window (3, 6, 12 months): `eligible` = closures whose window has fully passed; `recontacted` = eligible closures where the same child (person index) was the subject of a new contact received after the closure and within the window; rate = recontacted / eligible.',
  overrides: 'Period: decisions in the period where a manager overrode a DEC-3 guard (the override register), in total and by rule.',
  challenges: 'Now: open challenges by current stage; period: challenges raised and their outcomes.',
} as const;
