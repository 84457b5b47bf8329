import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DECISION_OUTCOMES } from '../decisions/domain/decision-vocabulary';
import { renderMessage, RenderedMessage, sampleViews, SlotTemplates, slotKey } from './domain/compose';
import { FeedbackSettings, parseFeedbackSettings } from './domain/feedback-settings';
import { FeedbackAudience, FeedbackKind, TEMPLATE_SLOTS } from './domain/feedback-vocabulary';
import { compileTemplate } from './domain/template-renderer';

/**
 * Loads config/feedback-templates (feedback.yaml and one .txt and .html per audience and kind) once,
 * at boot, and proves every template renders against its audience's view model: a bad template or
 * a missing word stops the process with a message naming it (CONVENTIONS habit 2).
 */
@Injectable()
export class FeedbackTemplates {
  readonly settings: FeedbackSettings;
  private readonly templates = new Map<string, SlotTemplates>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const dir = join(config.configDir, 'feedback-templates');
    const read = (file: string) => {
      try {
        return readFileSync(join(dir, file), 'utf8');
      } catch {
        throw new Error(`Feedback templates: cannot read ${join(dir, file)}`);
      }
    };
    this.settings = parseFeedbackSettings(parse(read('feedback.yaml')), DECISION_OUTCOMES, TEMPLATE_SLOTS);
    for (const { audience, kind } of TEMPLATE_SLOTS) {
      const key = slotKey(audience, kind);
      this.templates.set(key, {
        subject: compileTemplate(this.settings.subjects[audience][kind], `feedback.yaml subjects.${audience}.${kind}`),
        text: compileTemplate(read(`${key}.txt`), `${key}.txt`),
        html: compileTemplate(read(`${key}.html`), `${key}.html`),
      });
    }
    for (const { audience, kind, view } of sampleViews(this.settings)) this.render(audience, kind, view);
  }

  render(audience: FeedbackAudience, kind: FeedbackKind, view: object): RenderedMessage {
    return renderMessage(this.templates, audience, kind, view);
  }
}
