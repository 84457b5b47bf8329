/** Who is told the lead professional after acceptance (SPEC STEP-2). */
export const NOTIFY_AUDIENCES = ['gp', 'school_setting', 'referrer'] as const;
export type NotifyAudience = (typeof NOTIFY_AUDIENCES)[number];
