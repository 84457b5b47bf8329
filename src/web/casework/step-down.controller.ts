import { Controller, Get, HttpCode, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPage } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import type { RuleBreak } from '../../common/rule-break';
import { ChildStatusService } from '../../modules/step-downs/child-status.service';
import { RecordStatusDto } from '../../modules/step-downs/dto/child-status.dto';
import { CreateStepDownDto } from '../../modules/step-downs/dto/step-down.dto';
import { StepDownsService } from '../../modules/step-downs/step-downs.service';
import type { FormBody } from '../forms/form-values';
import { validateBody } from '../forms/validate';
import { renderPage } from '../render';
import { attempt } from './attempt';
import { DirectoryRepository } from './persistence/directory.repository';
import { levelAnswers, levelBody, levelPage, LevelAnswers, stepDownAnswers, StepDownAnswers, stepDownBody, stepDownFormPage, stepDownPage } from './view-models/step-down';

type WebRequest = Request & { actor?: Actor };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (id: string) => {
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
};

/**
 * Step-up and step-down (SPEC STEP-1 to STEP-5): propose a step-down to early help with the lead
 * professional, the risk handover and a plan; watch it wait for acceptance against its clock; record
 * a level change made outside the MASH (a CP plan at ICPC). The same use cases as /api/v1/step-downs
 * and /api/v1/people/{id}/status.
 */
@ApiExcludeController()
@Controller('mash')
export class StepDownPagesController {
  constructor(
    private readonly stepDowns: StepDownsService,
    private readonly status: ChildStatusService,
    private readonly directory: DirectoryRepository,
  ) {}

  @Get('children/:personId/step-down')
  @AllowPage('mash_worker', 'mash_manager')
  async form(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'casework/step-down-form', await this.formModel(actor, uuid(personId), stepDownAnswers({})));
  }

  @Post('children/:personId/step-down')
  @HttpCode(200)
  @AllowPage('mash_worker', 'mash_manager')
  async propose(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    const answers = stepDownAnswers(req.body as FormBody);
    const { value, details } = validateBody(CreateStepDownDto, stepDownBody(uuid(personId), answers));
    let id = '';
    const failed = await attempt(details, async () => {
      id = (await this.stepDowns.createDirect(actor, value)).id;
    });
    if (failed) return renderPage(req, res, 'casework/step-down-form', await this.formModel(actor, personId, answers, failed), 422);
    req.session.flash = { title: 'Step-down proposed', text: 'The MASH stays responsible for the child until the lead professional accepts.', success: true };
    req.session.save(() => res.redirect(303, `/mash/step-downs/${id}`));
  }

  @Get('step-downs/:id')
  @AllowPage('mash_worker', 'mash_manager')
  async show(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const view = await this.stepDowns.get(actor, uuid(id));
    const agencies = await this.directory.agencies();
    renderPage(req, res, 'casework/step-down', stepDownPage(view, agencies, new Date()));
  }

  @Get('children/:personId/level')
  @AllowPage('mash_worker', 'mash_manager')
  async level(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    renderPage(req, res, 'casework/level', await this.levelModel(actor, uuid(personId), levelAnswers({})));
  }

  @Post('children/:personId/level')
  @HttpCode(200)
  @AllowPage('mash_manager')
  async recordLevel(@CurrentActor() actor: Actor, @Param('personId') personId: string, @Req() req: WebRequest, @Res() res: Response) {
    const answers = levelAnswers(req.body as FormBody);
    const { value, details } = validateBody(RecordStatusDto, levelBody(answers));
    const failed = await attempt(details, () => this.status.record(actor, uuid(personId), value));
    if (failed) return renderPage(req, res, 'casework/level', await this.levelModel(actor, personId, answers, failed), 422);
    req.session.flash = { title: "Child's level recorded", success: true };
    req.session.save(() => res.redirect(303, `/mash/children/${personId}/level`));
  }

  private async formModel(actor: Actor, personId: string, answers: StepDownAnswers, details?: RuleBreak[]) {
    const status = await this.status.read(actor, personId); // 404 for a person who is not a child on a contact
    return stepDownFormPage(personId, status, await this.directory.agencies(), answers, details);
  }

  private async levelModel(actor: Actor, personId: string, answers: LevelAnswers, details?: RuleBreak[]) {
    const status = await this.status.read(actor, personId);
    return levelPage(personId, status, actor.role === 'mash_manager', answers, details);
  }
}
