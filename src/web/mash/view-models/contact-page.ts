import type { Grade } from '../../../modules/triage/domain/grades';
import { deadlineWords, formatDate, formatDateTime } from '../../view-models/dates';
import { pageTitle } from '../../view-models/page';
import { CHANNEL_WORDS, gradeTag, personName, STATUS_WORDS, words } from './words';

/** What the contact page reads, each from the use case behind the matching API route. */
export interface ContactPageInput {
  contact: {
    id: string;
    reference: string;
    channel: string;
    receivedAt: string | null;
    anonymous: boolean;
    referrer: { name: string | null; role: string | null; organisation: string | null; relationshipToChild: string | null } | null;
    referrerType?: string;
    referrerView: { isChildProtection: boolean | null; harm: string | null; whatShouldHappen: string | null; urgency: string | null };
    subjects: { id: string; firstName: string | null; lastName: string | null; dateOfBirth: string | null; expectedDeliveryDate: string | null; unborn: boolean; personId: string | null }[];
    household: { id: string; firstName: string | null; lastName: string | null; relationship: string; parentalResponsibility: string | null }[];
    concerns: { id: string; category: string; description: string | null; incidentDate: string | null; subjectIds: string[] }[];
  };
  triage: {
    status: string;
    graded: boolean;
    /** `pending`: the worker grades it within moments; `grade_by_hand`: every automatic attempt failed. */
    grading?: 'graded' | 'pending' | 'grade_by_hand';
    gradingFailure?: string | null;
    grade: Grade | null;
    decisionDueAt: string | null;
    assignedTo: { userId: string; name: string } | null;
    subjects: { subjectId: string; personId: string | null; grade: Grade | null; confirmedGrade: Grade | null; pendingApproval: unknown; flags: { label: string }[]; facts?: Record<string, number | boolean> }[];
  };
  /** Pending person-match candidates for this contact. */
  pendingMatches: number;
  checks: { requested: number; answered: number; outstandingRequired: number } | null;
  /** Per child on the contact (subject id): a current decision, final or waiting for a manager. */
  decided: Set<string>;
  decisionPending: Set<string>;
  strategy: 'none' | 'requested' | 'held';
  feedback: { sent: number; queued: number };
  historyViewed: Set<string>;
}

type TaskStatus = { tag?: { text: string; classes?: string }; text?: string };
const done: TaskStatus = { text: 'Completed' };
const todo = (text = 'Not yet started'): TaskStatus => ({ tag: { text, classes: 'govuk-tag--blue' } });
const waiting = (text: string): TaskStatus => ({ tag: { text, classes: 'govuk-tag--yellow' } });
const cannot = (text: string): TaskStatus => ({ text, classes: 'govuk-task-list__status--cannot-start-yet' } as TaskStatus);

/**
 * A contact for the MASH worker (SPEC RAG-3, PPL-1..3, CHK, DEC, STR, FB): the MoJ identity bar and
 * the GOV.UK task list in the order the case reviews ask for, each task with its state.
 */
export function contactPage(input: ContactPageInput, userId: string, now: Date) {
  const { contact, triage } = input;
  const name = (s: { firstName: string | null; lastName: string | null; unborn?: boolean }) => personName(s, s.unborn ? 'Unborn child' : 'Child, name not known');
  const deadline = triage.decisionDueAt ? deadlineWords(triage.decisionDueAt, now) : null;
  const grade = gradeTag(triage.grade, triage.graded ? 'Not graded' : 'Grading pending');
  const children = contact.subjects.map((s) => {
    const t = triage.subjects.find((x) => x.subjectId === s.id);
    return { ...s, name: name(s), personId: t?.personId ?? s.personId, triage: t };
  });
  const items: { title: { text: string }; href?: string; hint?: { text: string }; status: TaskStatus }[] = [];
  // Until the rules have graded the contact there is no grade to confirm: either it is moments away,
  // or every automatic attempt failed and a person grades all the children at once (RAG-2).
  if (triage.grading === 'grade_by_hand') {
    items.push({
      title: { text: children.length === 1 ? `Grade ${children[0].name} by hand` : 'Grade the children by hand' },
      href: `/mash/contacts/${contact.id}/grade-by-hand`,
      hint: { text: triage.gradingFailure ?? 'Automatic grading failed' },
      status: todo('Grade by hand'),
    });
  } else if (!triage.graded) {
    items.push({ title: { text: 'Confirm the grades' }, hint: { text: 'The rules grade a new contact within moments: reload the page' }, status: cannot('Grading pending') });
  }
  for (const c of triage.graded ? children : []) {
    const t = c.triage;
    items.push({
      title: { text: `Confirm the grade for ${c.name}` },
      href: `/mash/contacts/${contact.id}/children/${c.personId ?? c.id}/grade`,
      hint: { text: `Now ${gradeTag(t?.grade ?? null).text}${t?.confirmedGrade ? '' : ' (provisional)'}` },
      status: t?.pendingApproval ? waiting('Awaiting approval') : t?.confirmedGrade ? done : todo('To confirm'),
    });
  }
  const unlinked = children.filter((c) => !c.personId).length;
  items.push({
    title: { text: 'Check possible matches with people we know' },
    href: `/mash/contacts/${contact.id}/matches`,
    hint: { text: input.pendingMatches ? `${input.pendingMatches} possible match${input.pendingMatches === 1 ? '' : 'es'} to check` : unlinked ? `${unlinked} child${unlinked === 1 ? '' : 'ren'} not linked to a record` : 'Every child is linked to a record' },
    status: input.pendingMatches || unlinked ? todo('To do') : done,
  });
  for (const c of children) {
    items.push(
      c.personId
        ? { title: { text: `Read the history of ${c.name}` }, href: `/mash/children/${c.personId}`, hint: { text: 'Contacts and decisions for the child, siblings and household adults' }, status: input.historyViewed.has(c.personId) ? { text: 'Viewed' } : todo('Not yet viewed') }
        : { title: { text: `Read the history of ${c.name}` }, hint: { text: 'Link the child to a record first' }, status: cannot('Cannot start yet') },
    );
  }
  const checks = input.checks;
  items.push({
    title: { text: 'Agency checks' },
    href: `/mash/contacts/${contact.id}/checks`,
    hint: { text: checks && checks.requested ? `${checks.answered} of ${checks.requested} answered` : 'None requested yet' },
    status: !checks || checks.requested === 0 ? (checks && checks.outstandingRequired ? todo('To do') : todo('Not yet started')) : checks.answered < checks.requested || checks.outstandingRequired ? waiting('In progress') : done,
  });
  for (const c of children) {
    // The decision page names the child by person id, or by subject id before the child is linked.
    items.push({
      title: { text: `Record the decision for ${c.name}` },
      href: `/mash/contacts/${contact.id}/children/${c.personId ?? c.id}/decision`,
      hint: c.personId ? undefined : { text: 'Not linked to a record yet: check possible matches first' },
      status: input.decisionPending.has(c.id) ? waiting('Awaiting approval') : input.decided.has(c.id) ? done : todo(),
    });
  }
  items.push({
    title: { text: 'Strategy discussion' },
    href: `/mash/contacts/${contact.id}/strategy`,
    hint: { text: triage.grade === 'RED' ? 'Needed for a Red grade (section 47 pathway)' : 'Only if the threshold for a strategy discussion is met' },
    status: input.strategy === 'held' ? done : input.strategy === 'requested' ? waiting('In progress') : triage.grade === 'RED' ? todo('To do') : { text: 'Not needed yet' },
  });
  items.push({
    title: { text: 'Feedback to the referrer' },
    href: `/mash/contacts/${contact.id}/feedback`,
    status: input.feedback.sent ? done : input.feedback.queued ? waiting('Queued') : contact.anonymous ? { text: 'Not possible (anonymous)' } : { text: 'Sent after the decision' },
  });
  return {
    title: pageTitle(`Contact ${contact.reference}`),
    contactId: contact.id,
    reference: contact.reference,
    identity: [
      { label: 'Reference', value: contact.reference },
      { label: 'Received', value: contact.receivedAt ? formatDateTime(contact.receivedAt) : '' },
      { label: 'Grade', tag: grade },
      { label: 'Decision due', value: deadline ? `${deadline.text} (${formatDateTime(triage.decisionDueAt!)})` : 'No deadline until graded', overdue: deadline?.overdue ?? false },
    ],
    status: STATUS_WORDS[triage.status] ?? triage.status,
    holder: triage.assignedTo ? (triage.assignedTo.userId === userId ? 'You' : triage.assignedTo.name) : 'Nobody',
    canAssign: triage.assignedTo?.userId !== userId,
    channel: CHANNEL_WORDS[contact.channel] ?? words(contact.channel),
    referrer: contact.anonymous ? 'Anonymous' : contact.referrer ? [contact.referrer.name, contact.referrer.role, contact.referrer.organisation, contact.referrer.relationshipToChild].filter(Boolean).join(', ') : 'Not recorded',
    referrerSays: [
      contact.referrerView.urgency ? `Urgency: ${words(contact.referrerView.urgency)}` : null,
      contact.referrerView.isChildProtection === true ? 'They think this is a child protection referral' : null,
      contact.referrerView.harm ? `Harm: ${contact.referrerView.harm}` : null,
      contact.referrerView.whatShouldHappen ? `What should happen: ${contact.referrerView.whatShouldHappen}` : null,
    ].filter(Boolean),
    children: children.map((c) => ({
      name: c.name,
      born: c.dateOfBirth ? `Born ${formatDate(c.dateOfBirth)}` : c.expectedDeliveryDate ? `Due ${formatDate(c.expectedDeliveryDate)}` : 'Date of birth not known',
      grade: gradeTag(c.triage?.grade ?? null),
      flags: [...(c.triage?.facts?.onCurrentCpPlan ? ['On a child protection plan now'] : []), ...(c.triage?.flags ?? []).map((f) => f.label)],
      href: c.personId ? `/mash/children/${c.personId}` : null,
    })),
    household: contact.household.map((m) => ({ name: personName(m), relationship: words(m.relationship), pr: m.parentalResponsibility === 'yes' ? 'Has parental responsibility' : m.parentalResponsibility === 'no' ? 'No parental responsibility' : 'Parental responsibility not known' })),
    concerns: contact.concerns.map((k) => ({
      category: words(k.category),
      description: k.description ?? '',
      when: k.incidentDate ? `Happened ${formatDate(k.incidentDate)}` : null,
      about: k.subjectIds.map((id) => children.find((c) => c.id === id)?.name).filter(Boolean).join(', '),
    })),
    tasks: items,
  };
}
