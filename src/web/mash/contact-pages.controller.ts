import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../../audit/audit.service';
import { AllowPage, CasePage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import { isUuid } from '../../common/uuid';
import { ChecksQueryService } from '../../modules/checks/checks-query.service';
import { ContactReaderService } from '../../modules/contacts/use-cases/contact-reader.service';
import { FeedbackService } from '../../modules/feedback/feedback.service';
import { DecisionsQueryService } from '../../modules/decisions/decisions-query.service';
import { ChronologyService } from '../../modules/people/chronology/chronology.service';
import { PersonLinksService } from '../../modules/people/matching/person-links.service';
import { GradeByHandDto, GradeDto } from '../../modules/triage/dto/triage.dto';
import { HandGradingService } from '../../modules/triage/hand-grading.service';
import { GradeConfirmationService } from '../../modules/triage/grade-confirmation.service';
import { TriageQueryService } from '../../modules/triage/triage-query.service';
import { FormBody, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { formatDateTime } from '../view-models/dates';
import { pageTitle } from '../view-models/page';
import { attempt, historyViewed, WebRequest } from './mash-pages';
import { contactPage } from './view-models/contact-page';
import { gradeOfCriterion, GradeAnswers, GradeInput, gradePage, HandGradeInput, handGradePage, needsApproval } from './view-models/grade-page';
import { matchesPage, MatchSource } from './view-models/matches-page';
import { gradeTag, personName, words } from './view-models/words';

interface ContactView {
  id: string;
  reference: string;
  anonymous: boolean;
  subjects: { id: string; personId: string | null; firstName: string | null; lastName: string | null; unborn: boolean }[];
  household: { id: string; personId: string | null }[];
}
type Triage = NonNullable<Awaited<ReturnType<TriageQueryService['contactTriage']>>>;

/**
 * A contact for MASH staff (SPEC WEB-4): the task list, confirming a grade (RAG-3), possible matches
 * (PPL-1) and the feedback's state (FB). Each page calls the use case behind the matching API route
 * with the same actor, so the audit trail records the same reads and changes.
 */
@ApiExcludeController()
@CasePage()
@Controller('mash/contacts')
export class ContactPagesController {
  constructor(
    private readonly reader: ContactReaderService,
    private readonly triage: TriageQueryService,
    private readonly grades: GradeConfirmationService,
    private readonly handGrading: HandGradingService,
    private readonly links: PersonLinksService,
    private readonly checks: ChecksQueryService,
    private readonly chronology: ChronologyService,
    private readonly feedback: FeedbackService,
    private readonly decisions: DecisionsQueryService,
    private readonly audit: AuditService,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  @Get(':contactId')
  @AllowPage(...MASH_STAFF)
  async contact(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    const { contact, triage } = await this.load(actor, contactId, 'task_list');
    const [candidates, checks, feedback] = await Promise.all([
      this.links.candidates(actor, contactId),
      this.checks.forContact(actor, contactId),
      this.feedback.referrerFeedback([contactId]),
    ]);
    const decided = new Set<string>();
    const decisionPending = new Set<string>();
    let strategy: 'none' | 'requested' | 'held' = 'none';
    // The decision page's own read: a child with a current decision (final, or waiting for a manager) is shown it (DEC-5).
    for (const s of contact.subjects) {
      const current = await this.decisions.currentFor(s.id);
      if (current) (current.status === 'pending_approval' ? decisionPending : decided).add(s.id);
    }
    for (const s of contact.subjects.filter((x) => x.personId)) {
      const events = (await this.chronology.chronology(actor, s.personId!, 'full', 'child', 'json')).events.filter((e) => e.contactId === contactId);
      if (events.some((e) => e.eventType === 'strategy.held')) strategy = 'held';
      else if (strategy === 'none' && events.some((e) => e.module === 'strategy')) strategy = 'requested';
    }
    const sent = (feedback.get(contactId) ?? []).filter((f) => f.status === 'sent').length;
    const model = contactPage(
      {
        contact: contact as never,
        triage: triage as never,
        pendingMatches: candidates.items.filter((c) => c.status === 'pending').length,
        checks: { requested: checks.checks.length, answered: checks.checks.filter((c) => c.response || c.waiver).length, outstandingRequired: checks.requiredChecks.items.filter((i) => i.outstanding).length },
        decided,
        decisionPending,
        strategy,
        feedback: { sent, queued: (feedback.get(contactId) ?? []).length - sent },
        historyViewed: historyViewed(req),
      },
      actor.userId!,
      this.now(),
    );
    renderPage(req, res, 'pages/mash/contact', model);
  }

  @Get(':contactId/children/:child/grade')
  @AllowPage('mash_worker', 'mash_manager')
  async gradeForm(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('child') child: string, @Req() req: WebRequest, @Res() res: Response) {
    const input = await this.gradeInput(actor, contactId, child);
    // Nothing to confirm until the rules (or a person, by hand) have graded it: the task list says which.
    if (!input.graded) return res.redirect(303, `/mash/contacts/${contactId}`);
    renderPage(req, res, 'pages/mash/grade', gradePage(input.page));
  }

  @Post(':contactId/children/:child/grade')
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async grade(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('child') child: string, @Req() req: WebRequest, @Res() res: Response) {
    const input = await this.gradeInput(actor, contactId, child);
    if (!input.graded) return res.redirect(303, `/mash/contacts/${contactId}`);
    const body = req.body as FormBody;
    const answers: GradeAnswers = { criterion: text(body, 'criterion'), rationale: text(body, 'rationale') };
    const grade = answers.criterion ? gradeOfCriterion(answers.criterion) : null;
    const plain = { grade: grade ?? undefined, criterion: answers.criterion || undefined, rationale: answers.rationale };
    const { value, details } = validateBody(GradeDto, plain);
    // A change that needs a manager is said before it is sent: the interruption card, then "send for approval".
    const s = input.page.subject;
    if (!details.length && grade && needsApproval(grade, s.grade, s.provisionalGrade, input.page.referrerUrgency) && text(body, 'confirmed') !== 'yes') {
      return renderPage(req, res, 'pages/mash/grade-interruption', {
        title: pageTitle('This change needs a manager'),
        heading: 'This change needs a manager’s approval',
        reasons: [
          s.grade && grade !== s.grade ? `You are lowering the grade from ${gradeTag(s.grade).text} to ${gradeTag(grade).text}.` : `The rules graded ${input.page.childName} ${gradeTag(s.provisionalGrade).text}; you chose ${gradeTag(grade).text}.`,
          input.page.referrerUrgency === 'immediate_risk' ? 'The referrer said the child is at immediate risk.' : null,
          `${gradeTag(s.grade).text} stays in effect, with its deadline, until a manager approves the change.`,
        ].filter(Boolean),
        action: input.action,
        criterion: answers.criterion,
        rationale: answers.rationale,
        back: input.action,
      });
    }
    const result = await attempt(details, () => this.grades.grade(actor, contactId, input.subjectId, value), 'criterion');
    if (result.details) return renderPage(req, res, 'pages/mash/grade', gradePage(input.page, answers, result.details), 400);
    const r = result.value!;
    req.session.flash =
      r.status === 'pending_approval'
        ? { title: `Sent to a manager: ${gradeTag(r.requestedGrade).text} for ${input.page.childName}`, text: `${gradeTag(r.grade).text} stays in effect until a manager approves it.`, success: true }
        : { title: `${gradeTag(r.grade).text} confirmed for ${input.page.childName}`, text: `Decision due ${formatDateTime(r.decisionDueAt)}.`, success: true };
    req.session.save(() => res.redirect(303, `/mash/contacts/${contactId}`));
  }

  @Get(':contactId/grade-by-hand')
  @AllowPage('mash_worker', 'mash_manager')
  async gradeByHandForm(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    const input = await this.handGradeInput(actor, contactId);
    if (!input) return res.redirect(303, `/mash/contacts/${contactId}`);
    renderPage(req, res, 'pages/mash/grade-by-hand', handGradePage(input));
  }

  @Post(':contactId/grade-by-hand')
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async gradeByHand(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    const input = await this.handGradeInput(actor, contactId);
    // Graded meanwhile (the sweeper's retry, or a colleague): the contact page shows the grades to confirm.
    if (!input) return res.redirect(303, `/mash/contacts/${contactId}`);
    const body = req.body as FormBody;
    const answers = input.children.map((_, i) => ({ criterion: text(body, `criterion-${i}`), rationale: text(body, `rationale-${i}`) }));
    const plain = {
      children: input.children.map((c, i) => ({ subjectId: c.subjectId, grade: (answers[i].criterion && gradeOfCriterion(answers[i].criterion)) || undefined, criterion: answers[i].criterion || undefined, rationale: answers[i].rationale })),
    };
    const { value, details } = validateBody(GradeByHandDto, plain);
    const result = await attempt(details, () => this.handGrading.gradeByHand(actor, contactId, value), 'children[0].criterion');
    if (result.details) return renderPage(req, res, 'pages/mash/grade-by-hand', handGradePage(input, answers, result.details), 400);
    const r = result.value!;
    req.session.flash = { title: `Graded ${gradeTag(r.grade).text} by hand`, text: `Decision due ${formatDateTime(r.decisionDueAt)}.`, success: true };
    req.session.save(() => res.redirect(303, `/mash/contacts/${contactId}`));
  }

  @Get(':contactId/matches')
  @AllowPage(...MASH_STAFF)
  async matches(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    const contact = await this.readContact(actor, contactId);
    const candidates = await this.links.candidates(actor, contactId);
    renderPage(req, res, 'pages/mash/matches', matchesPage(contactId, contact.reference, this.matchSources(contact), candidates.items));
  }

  @Post(':contactId/matches/:candidateId/confirm')
  @HttpCode(200)
  @AllowPage(...MASH_STAFF)
  confirmMatch(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('candidateId') candidateId: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.decideMatch(actor, contactId, candidateId, 'confirm', req, res);
  }

  @Post(':contactId/matches/:candidateId/reject')
  @HttpCode(200)
  @AllowPage(...MASH_STAFF)
  rejectMatch(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('candidateId') candidateId: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.decideMatch(actor, contactId, candidateId, 'reject', req, res);
  }

  private async decideMatch(actor: Actor, contactId: string, candidateId: string, action: 'confirm' | 'reject', req: WebRequest, res: Response) {
    if (!isUuid(contactId) || !isUuid(candidateId)) throw new NotFoundException();
    const candidates = await this.links.candidates(actor, contactId);
    if (!candidates.items.some((c) => c.id === candidateId)) throw new NotFoundException();
    const done = await attempt([], async (): Promise<unknown> => (action === 'confirm' ? this.links.confirmCandidate(actor, candidateId) : this.links.rejectCandidate(actor, candidateId)));
    req.session.flash = done.details ? { title: 'That could not be done', text: done.details[0].message } : { title: action === 'confirm' ? 'Linked to the existing record' : 'Marked as not the same person', success: true };
    req.session.save(() => res.redirect(303, `/mash/contacts/${contactId}/matches`));
  }

  @Post(':contactId/matches/:kind/:sourceId/new')
  @HttpCode(200)
  @AllowPage(...MASH_STAFF)
  async createPerson(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Param('kind') kind: string, @Param('sourceId') sourceId: string, @Req() req: WebRequest, @Res() res: Response) {
    if (!isUuid(contactId) || !isUuid(sourceId) || !['subjects', 'household'].includes(kind)) throw new NotFoundException();
    const done = await attempt([], () => this.links.link(actor, kind === 'subjects' ? 'contact_subject' : 'contact_household_member', contactId, sourceId, { createNew: true }));
    req.session.flash = done.details ? { title: 'That could not be done', text: done.details[0].message } : { title: 'A new record was created', success: true };
    req.session.save(() => res.redirect(303, `/mash/contacts/${contactId}/matches`));
  }

  @Get(':contactId/feedback')
  @AllowPage(...MASH_STAFF)
  async feedbackState(@CurrentActor() actor: Actor, @Param('contactId') contactId: string, @Req() req: WebRequest, @Res() res: Response) {
    const contact = await this.readContact(actor, contactId);
    const items = (await this.feedback.referrerFeedback([contactId])).get(contactId) ?? [];
    renderPage(req, res, 'pages/mash/feedback', {
      title: pageTitle(`Feedback for ${contact.reference}`),
      caption: `Contact ${contact.reference}`,
      backLink: `/mash/contacts/${contactId}`,
      anonymous: contact.anonymous,
      rows: items.map((f) => [{ text: words(f.kind) }, { text: f.subject }, { text: words(f.status) }, { text: f.sentAt ? formatDateTime(f.sentAt) : 'Not sent yet' }]),
    });
  }

  private async readContact(actor: Actor, contactId: string): Promise<ContactView> {
    if (!isUuid(contactId)) throw new NotFoundException();
    return (await this.reader.get(actor, contactId)) as unknown as ContactView;
  }

  private async load(actor: Actor, contactId: string, view: string): Promise<{ contact: ContactView; triage: Triage }> {
    const contact = await this.readContact(actor, contactId);
    const triage = await this.triage.contactTriage(contactId);
    if (!triage) throw new NotFoundException();
    await this.audit.recordRead(actor, 'contact', contactId, { view: 'triage', page: view });
    return { contact, triage };
  }

  /** The child on a contact, by person id (linked) or by the contact's own subject id (not linked yet). */
  private async gradeInput(actor: Actor, contactId: string, child: string) {
    if (!isUuid(child)) throw new NotFoundException();
    const { contact, triage } = await this.load(actor, contactId, 'grade');
    const subject = contact.subjects.find((s) => s.personId === child) ?? contact.subjects.find((s) => s.id === child);
    const t = subject && triage.subjects.find((x) => x.subjectId === subject.id);
    if (!subject || !t) throw new NotFoundException();
    const s = subject;
    return {
      subjectId: subject.id,
      graded: triage.graded,
      action: `/mash/contacts/${contactId}/children/${child}/grade`,
      page: {
        contactId,
        reference: contact.reference,
        childName: personName(s, s.unborn ? 'the unborn child' : 'the child'),
        childParam: child,
        subject: t as unknown as GradeInput['subject'],
        referrerUrgency: triage.referrerView.urgency as string | null,
        framework: triage.framework as unknown as GradeInput['framework'],
      },
    };
  }

  /** The children of a contact whose automatic grading gave up; undefined once it is graded or while it is still pending. */
  private async handGradeInput(actor: Actor, contactId: string): Promise<HandGradeInput | undefined> {
    const { contact, triage } = await this.load(actor, contactId, 'grade_by_hand');
    if (triage.grading !== 'grade_by_hand') return undefined;
    return {
      contactId,
      reference: contact.reference,
      gradingFailure: triage.gradingFailure,
      referrerUrgency: triage.referrerView.urgency as string | null,
      framework: triage.framework as unknown as HandGradeInput['framework'],
      children: contact.subjects.map((s) => ({ subjectId: s.id, name: personName(s, s.unborn ? 'the unborn child' : 'the child') })),
    };
  }

  private matchSources(contact: ContactView): MatchSource[] {
    const c = contact as unknown as {
      subjects: { id: string; firstName: string | null; lastName: string | null; dateOfBirth: string | null; sex: string | null; nhsNumber: string | null; address: { postcode: string | null }; personId: string | null }[];
      household: { id: string; firstName: string | null; lastName: string | null; dateOfBirth: string | null; sex: string | null; nhsNumber: string | null; postcode: string | null; personId: string | null; relationship: string }[];
    };
    return [
      ...c.subjects.map((s) => ({ id: s.id, kind: 'contact_subject' as const, firstName: s.firstName, lastName: s.lastName, dateOfBirth: s.dateOfBirth, sex: s.sex, postcode: s.address.postcode, nhsNumber: s.nhsNumber, personId: s.personId, role: 'child on this contact' })),
      ...c.household.map((m) => ({ id: m.id, kind: 'contact_household_member' as const, firstName: m.firstName, lastName: m.lastName, dateOfBirth: m.dateOfBirth, sex: m.sex, postcode: m.postcode, nhsNumber: m.nhsNumber, personId: m.personId, role: words(m.relationship).toLowerCase() })),
    ];
  }
}
