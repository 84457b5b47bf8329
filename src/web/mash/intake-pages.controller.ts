import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowPage, CasePage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { MASH_STAFF } from '../../auth/roles';
import type { RuleBreak } from '../../common/rule-break';
import { CONCERN_CATEGORIES, URGENCIES } from '../../modules/contacts/domain/contact-vocabulary';
import { CreateContactDto } from '../../modules/contacts/dto/create-contact.dto';
import { ContactIntakeService } from '../../modules/contacts/use-cases/contact-intake.service';
import { PeopleSearchQueryDto } from '../../modules/people/dto/people.dto';
import { parseDate } from '../../modules/people/domain/dates';
import { PeopleReadService } from '../../modules/people/people-read.service';
import { dateItems, dateParts, FormBody, isoDate, orNull, text } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { formatDate } from '../view-models/dates';
import { pageTitle } from '../view-models/page';
import { attempt, WebRequest } from './mash-pages';
import { CHANNEL_WORDS, personName, words } from './view-models/words';

const MASH_CHANNELS = ['phone', 'out_of_hours', 'hospital_enquiry'] as const;

/** Where each API field goes on the record-a-contact page, and what it is called there. */
const CONTACT_FIELDS: Record<string, { input: string; label: string }> = {
  channel: { input: 'channel', label: 'How the contact came in' },
  'referrer.name': { input: 'callerName', label: 'Caller’s name' },
  'referrer.phone': { input: 'callerPhone', label: 'Caller’s phone number' },
  'subjects[0].firstName': { input: 'firstName', label: 'Child’s first name' },
  'subjects[0].lastName': { input: 'lastName', label: 'Child’s last name' },
  'subjects[0].dateOfBirth': { input: 'dateOfBirth-day', label: 'Date of birth' },
  'subjects[0]': { input: 'firstName', label: 'The child' },
  'subjects[0].address.postcode': { input: 'postcode', label: 'Postcode' },
  'concerns[0].category': { input: 'category', label: 'Kind of concern' },
  'concerns[0].description': { input: 'description', label: 'What the caller said' },
  'concerns[0]': { input: 'description', label: 'What the caller said' },
  'referrerView.urgency': { input: 'urgency', label: 'Urgency' },
};

function fieldErrors(details: RuleBreak[]) {
  const summary: { text: string; href: string }[] = [];
  const byInput: Record<string, { text: string }> = {};
  for (const d of details) {
    const f = CONTACT_FIELDS[d.field] ?? { input: 'description', label: d.field };
    const message =
      d.rule === 'INT-6.subject-description' ? 'Enter something about the child: a name, a date of birth or a postcode'
      : d.rule === 'INT-6.concern-text' ? 'Enter what the caller said'
      : d.rule === 'calendarDate' ? 'Date of birth must be a real date, for example 27 3 2019'
      : d.rule === 'INT-6.not-in-future' ? 'Date of birth must be today or in the past'
      : d.field === 'channel' ? 'Select how the contact came in'
      : d.message;
    summary.push({ text: message, href: `#${f.input}` });
    byInput[f.input] ??= { text: message };
  }
  return { summary, byInput };
}

/** Record a contact by phone, out of hours or a hospital enquiry (SPEC INT-1), and find a child (PPL-1): both by POST, nothing personal in URLs. */
@ApiExcludeController()
@CasePage()
@Controller('mash')
export class IntakePagesController {
  constructor(
    private readonly intake: ContactIntakeService,
    private readonly people: PeopleReadService,
  ) {}

  @Get('contacts/new')
  @AllowPage(...MASH_STAFF)
  recordForm(@Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'pages/mash/record-contact', this.recordModel({}, []));
  }

  @Post('contacts/new')
  @HttpCode(200)
  @AllowPage(...MASH_STAFF)
  async record(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const b = req.body as FormBody;
    const answers = {
      channel: text(b, 'channel'), callerName: text(b, 'callerName'), callerRole: text(b, 'callerRole'), callerPhone: text(b, 'callerPhone'), relationship: text(b, 'relationship'),
      firstName: text(b, 'firstName'), lastName: text(b, 'lastName'), dateOfBirth: dateParts(b, 'dateOfBirth'), postcode: text(b, 'postcode'),
      category: text(b, 'category'), description: text(b, 'description'), urgency: text(b, 'urgency'),
    };
    const body = {
      channel: answers.channel || undefined,
      referrer: answers.callerName || answers.callerPhone || answers.callerRole || answers.relationship
        ? { name: orNull(answers.callerName), role: orNull(answers.callerRole), phone: orNull(answers.callerPhone), relationshipToChild: orNull(answers.relationship) }
        : null,
      referrerView: answers.urgency ? { urgency: answers.urgency } : null,
      subjects: [{ firstName: orNull(answers.firstName), lastName: orNull(answers.lastName), dateOfBirth: isoDate(answers.dateOfBirth), address: answers.postcode ? { postcode: answers.postcode } : null }],
      concerns: [{ category: answers.category || 'other', description: answers.description }],
    };
    const extra: RuleBreak[] = answers.channel && !(MASH_CHANNELS as readonly string[]).includes(answers.channel) ? [{ field: 'channel', rule: 'isIn', message: 'Select how the contact came in' }] : [];
    const { value, details } = validateBody(CreateContactDto, body);
    const result = await attempt([...extra, ...details], () => this.intake.createProfessional(actor, value), 'channel');
    if (result.details) return renderPage(req, res, 'pages/mash/record-contact', this.recordModel(answers, result.details), 400);
    const receipt = result.value!.body;
    req.session.flash = { title: `Contact recorded: ${receipt.reference}`, text: 'It is being graded now and will show in the triage queue.', success: true };
    req.session.save(() => res.redirect(303, `/mash/contacts/${receipt.id}`));
  }

  @Get('find-a-child')
  @AllowPage(...MASH_STAFF)
  findForm(@Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'pages/mash/find-a-child', this.findModel({}, [], null));
  }

  @Post('find-a-child')
  @HttpCode(200)
  @AllowPage(...MASH_STAFF)
  async find(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const b = req.body as FormBody;
    const answers = { name: text(b, 'name'), dateOfBirth: dateParts(b, 'dateOfBirth'), nhsNumber: text(b, 'nhsNumber').replace(/\s+/g, ''), postcode: text(b, 'postcode') };
    const dob = isoDate(answers.dateOfBirth);
    const errors: RuleBreak[] = [];
    if (!answers.name && !dob && !answers.nhsNumber && !answers.postcode) errors.push({ field: 'name', rule: 'atLeastOne', message: 'Enter a name, a date of birth, an NHS number or a postcode' });
    if (dob && !parseDate(dob)) errors.push({ field: 'dateOfBirth-day', rule: 'isDate', message: 'Date of birth must be a real date, for example 27 3 2019' });
    const plain = { name: answers.name || undefined, dateOfBirth: dob ?? undefined, nhsNumber: answers.nhsNumber || undefined, postcode: answers.postcode || undefined };
    const { value, details } = validateBody(PeopleSearchQueryDto, plain);
    const all = [...errors, ...(errors.length ? [] : details.map((d) => ({ ...d, field: d.field === 'dateOfBirth' ? 'dateOfBirth-day' : d.field })))];
    if (all.length) return renderPage(req, res, 'pages/mash/find-a-child', this.findModel(answers, all, null), 400);
    const found = await this.people.search(actor, value);
    renderPage(req, res, 'pages/mash/find-a-child', this.findModel(answers, [], found.items as never));
  }

  private recordModel(answers: Record<string, unknown>, details: RuleBreak[]) {
    const errors = fieldErrors(details);
    const a = answers as Record<string, string> & { dateOfBirth?: { day: string; month: string; year: string } };
    return {
      title: pageTitle('Record a contact', details.length > 0),
      errorSummary: errors.summary,
      errors: errors.byInput,
      answers: a,
      channels: MASH_CHANNELS.map((c) => ({ value: c, text: CHANNEL_WORDS[c], checked: a.channel === c })),
      dateItems: dateItems(a.dateOfBirth, !!errors.byInput['dateOfBirth-day']),
      categories: [{ value: '', text: 'Select a kind of concern' }, ...CONCERN_CATEGORIES.map((c) => ({ value: c, text: words(c), selected: a.category === c }))],
      urgencies: URGENCIES.map((u) => ({ value: u, text: words(u), checked: a.urgency === u })),
    };
  }

  private findModel(answers: Record<string, unknown>, details: RuleBreak[], results: { personId: string; firstName: string | null; lastName: string | null; dateOfBirth: string | null; postcode: string | null; kind: string; score: number }[] | null) {
    const a = answers as Record<string, string> & { dateOfBirth?: { day: string; month: string; year: string } };
    const byInput = Object.fromEntries(details.map((d) => [d.field, { text: d.message }]));
    return {
      title: pageTitle('Find a child', details.length > 0),
      errorSummary: details.map((d) => ({ text: d.message, href: `#${d.field}` })),
      errors: byInput,
      answers: a,
      dateItems: dateItems(a.dateOfBirth, !!byInput['dateOfBirth-day']),
      searched: results !== null,
      results: (results ?? []).map((r) => ({
        name: personName(r),
        href: `/mash/children/${r.personId}`,
        born: r.dateOfBirth ? formatDate(r.dateOfBirth) : 'Not known',
        postcode: r.postcode ?? 'Not known',
        kind: r.kind === 'adult' ? 'Adult' : 'Child',
      })),
    };
  }
}
