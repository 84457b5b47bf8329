/**
 * Minutes of a strategy discussion (SPEC STR-4), generated from the structured record as plain text
 * and HTML. Pure: takes a view model, returns both renderings. Every value is escaped in the HTML.
 */

export interface MinutesView {
  discussionId: string;
  child: { name: string; dateOfBirth: string | null };
  heldAt: string;
  mode: string;
  chair: string;
  previousSummary: string | null;
  attendance: { agency: string; person: string | null; status: string; invited: boolean }[];
  informationShared: string | null;
  evidenceShared: { type: string; heldBy: string; sharedWithPoliceAt: string; sharedWithPoliceBy: string }[];
  views: { agency: string; view: string; dissent: string | null }[];
  outcome: string;
  icpcRequired: boolean;
  icpcDueDate: string | null;
  actions: { description: string; owner: string; dueDate: string; status: string }[];
  childSeenAlonePlan: string | null;
}

export interface RenderedMinutes {
  subject: string;
  text: string;
  html: string;
}

export const OUTCOME_LABELS: Record<string, string> = {
  s47_single_agency: 'Section 47 enquiry: single agency (children\'s social care)',
  s47_joint: 'Section 47 enquiry: joint (police and children\'s social care)',
  no_s47_cin_assessment: 'No section 47: child and family assessment (section 17)',
  no_s47_early_help: 'No section 47: early help',
  nfa: 'No further action',
};

const ATTENDANCE_LABELS: Record<string, string> = {
  attended: 'attended',
  written_contribution: 'written contribution',
  absent: 'absent',
  apologies: 'apologies',
};

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function renderMinutes(v: MinutesView): RenderedMinutes {
  const subject = `Strategy discussion minutes: ${v.child.name} (${v.heldAt.slice(0, 10)})`;
  const who = (a: MinutesView['attendance'][number]) => `${a.agency}${a.person ? ` (${a.person})` : ''}${a.invited ? '' : ' [not invited]'}`;
  const lines: string[] = [
    'STRATEGY DISCUSSION MINUTES',
    `Child: ${v.child.name}${v.child.dateOfBirth ? `, born ${v.child.dateOfBirth}` : ''}`,
    `Held: ${v.heldAt} (${v.mode.replace('_', ' ')}), chaired by ${v.chair}`,
    `Discussion: ${v.discussionId}`,
    '',
  ];
  if (v.previousSummary) lines.push('Carried forward from the previous discussion:', v.previousSummary, '');
  lines.push('Attendance:', ...v.attendance.map((a) => `- ${who(a)}: ${ATTENDANCE_LABELS[a.status] ?? a.status}`), '');
  lines.push('Information shared:', v.informationShared ?? '(none recorded)');
  lines.push(...v.evidenceShared.map((e) => `- ${e.type} held by ${e.heldBy}: shared with police ${e.sharedWithPoliceAt} by ${e.sharedWithPoliceBy}`), '');
  lines.push('Agency views:', ...(v.views.length ? v.views.map((x) => `- ${x.agency}: ${x.view}${x.dissent ? ` DISSENT: ${x.dissent}` : ''}`) : ['(none recorded)']), '');
  lines.push(`Outcome: ${OUTCOME_LABELS[v.outcome] ?? v.outcome}`);
  lines.push(`Initial child protection conference: ${v.icpcRequired ? `required, due by ${v.icpcDueDate}` : 'not required'}`);
  lines.push(`Plan for seeing the child alone: ${v.childSeenAlonePlan ?? '(none recorded)'}`, '');
  lines.push('Actions:', ...(v.actions.length ? v.actions.map((a) => `- ${a.description} | owner: ${a.owner} | due ${a.dueDate} | ${a.status}`) : ['(none)']));
  const text = lines.join('\n') + '\n';

  const e = escapeHtml;
  const li = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '<p>(none)</p>');
  const html = [
    '<!doctype html><html><body>',
    '<h1>Strategy discussion minutes</h1>',
    `<p>Child: <strong>${e(v.child.name)}</strong>${v.child.dateOfBirth ? `, born ${e(v.child.dateOfBirth)}` : ''}</p>`,
    `<p>Held: ${e(v.heldAt)} (${e(v.mode.replace('_', ' '))}), chaired by ${e(v.chair)}</p>`,
    v.previousSummary ? `<h2>Carried forward from the previous discussion</h2><p>${e(v.previousSummary)}</p>` : '',
    '<h2>Attendance</h2>',
    li(v.attendance.map((a) => `${e(who(a))}: ${e(ATTENDANCE_LABELS[a.status] ?? a.status)}`)),
    `<h2>Information shared</h2><p>${e(v.informationShared ?? '(none recorded)')}</p>`,
    li(v.evidenceShared.map((x) => `${e(x.type)} held by ${e(x.heldBy)}: shared with police ${e(x.sharedWithPoliceAt)} by ${e(x.sharedWithPoliceBy)}`)),
    '<h2>Agency views</h2>',
    li(v.views.map((x) => `${e(x.agency)}: ${e(x.view)}${x.dissent ? ` <strong>Dissent:</strong> ${e(x.dissent)}` : ''}`)),
    `<h2>Outcome</h2><p>${e(OUTCOME_LABELS[v.outcome] ?? v.outcome)}</p>`,
    `<p>Initial child protection conference: ${v.icpcRequired ? `required, due by ${e(v.icpcDueDate ?? '')}` : 'not required'}</p>`,
    `<p>Plan for seeing the child alone: ${e(v.childSeenAlonePlan ?? '(none recorded)')}</p>`,
    '<h2>Actions</h2>',
    li(v.actions.map((a) => `${e(a.description)} | owner: ${e(a.owner)} | due ${e(a.dueDate)} | ${e(a.status)}`)),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/** The short summary a reconvened discussion starts with (STR-4, TRI 5.2.3). */
export function summaryOf(v: Pick<MinutesView, 'heldAt' | 'outcome' | 'icpcRequired' | 'icpcDueDate' | 'actions'>): string {
  const open = v.actions.filter((a) => a.status === 'open');
  return [
    `Previous discussion held ${v.heldAt}: ${OUTCOME_LABELS[v.outcome] ?? v.outcome}.`,
    v.icpcRequired ? `ICPC required, due by ${v.icpcDueDate}.` : 'ICPC not required.',
    open.length ? `Open actions: ${open.map((a) => `${a.description} (${a.owner}, due ${a.dueDate})`).join('; ')}.` : 'No open actions.',
  ].join(' ');
}
