/** The words of strategy discussions (SPEC §7). Pure data: no Nest or TypeORM. */

export const STRATEGY_STATUSES = ['requested', 'convened', 'declined', 'held'] as const;
export type StrategyStatus = (typeof STRATEGY_STATUSES)[number];

export const STRATEGY_URGENCIES = ['routine', 'urgent', 'immediate_risk'] as const;
export type StrategyUrgency = (typeof STRATEGY_URGENCIES)[number];

export const MEETING_MODES = ['in_person', 'phone', 'video'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

export const ATTENDANCE = ['attended', 'written_contribution', 'absent', 'apologies'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

export const STRATEGY_OUTCOMES = ['s47_single_agency', 's47_joint', 'no_s47_cin_assessment', 'no_s47_early_help', 'nfa'] as const;
export type StrategyOutcome = (typeof STRATEGY_OUTCOMES)[number];
export const S47_OUTCOMES: readonly StrategyOutcome[] = ['s47_single_agency', 's47_joint'];

/** What the initial child protection conference decided (STR-3): a plan, a child in need plan, or neither. */
export const ICPC_OUTCOMES = ['child_protection_plan', 'child_in_need_plan', 'no_plan'] as const;
export type IcpcOutcome = (typeof ICPC_OUTCOMES)[number];

export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Why an invitee is on the list (STR-3: police and children's social care required, health by default, the GP when known). */
export const INVITE_REASONS = ['named', 'default_health', 'gp_practice', 'carried_forward', 'attended_uninvited'] as const;
export type InviteReason = (typeof INVITE_REASONS)[number];

/**
 * Evidence that must be marked shared with police before an s47 outcome (Q 8.11: police learned of a
 * photo of bruising from the minutes, seven days later). "recording" is included with photo, video
 * and message because it is the same kind of item (an audio or video record police may need).
 */
export const EVIDENCE_TO_SHARE_BEFORE_S47 = ['photo', 'video', 'message', 'recording'] as const;

/** Decision outcomes (DEC-2) that meet STR-2: anything else is "lower". */
export const STR2_SATISFYING_OUTCOMES = ['strategy_discussion', 'immediate_protection'] as const;

/** Concern categories that make a strategy discussion required (STR-2: a referrer named sexual abuse or exploitation). */
export const SEXUAL_ABUSE_OR_EXPLOITATION = ['sexual_abuse', 'cse_cce'] as const;

export const HEALTH_AGENCY_TYPES = ['health_gp', 'health_visitor', 'health_hospital', 'health_other'] as const;
