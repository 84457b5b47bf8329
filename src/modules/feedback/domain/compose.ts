/** Renders a feedback message (subject, plain text, HTML) for one audience and kind. Pure. */
import type { FeedbackAudience, FeedbackKind } from './feedback-vocabulary';
import { TEMPLATE_SLOTS } from './feedback-vocabulary';
import type { FeedbackSettings } from './feedback-settings';
import type { CompiledTemplate } from './template-renderer';
import {
  agencyOutcomeView,
  professionalAcknowledgementView,
  professionalOutcomeView,
  publicAcknowledgementView,
  publicOutcomeView,
} from './view-models';

export interface SlotTemplates {
  subject: CompiledTemplate;
  text: CompiledTemplate;
  html: CompiledTemplate;
}

export type TemplateSet = ReadonlyMap<string, SlotTemplates>;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export const slotKey = (audience: FeedbackAudience, kind: FeedbackKind) => `${audience}/${kind}`;

export function renderMessage(templates: TemplateSet, audience: FeedbackAudience, kind: FeedbackKind, view: object): RenderedMessage {
  const slot = templates.get(slotKey(audience, kind));
  if (!slot) throw new Error(`no feedback template for ${audience} ${kind}`);
  return {
    // A subject is one line: a line break in a value must never start a new header.
    subject: slot.subject.render(view, 'text').replace(/\s+/g, ' ').trim(),
    text: slot.text.render(view, 'text'),
    html: slot.html.render(view, 'html'),
  };
}

/**
 * A view for every template slot from made-up facts, rendered at boot so that a template naming a
 * field its audience's view model does not have stops the process (the renderer is strict).
 */
export function sampleViews(settings: FeedbackSettings): { audience: FeedbackAudience; kind: FeedbackKind; view: object }[] {
  const contact = { reference: 'MASH-2026-000001', receivedAt: new Date('2026-03-02T10:00:00Z') };
  const child = { firstName: 'Sample', lastName: 'Child', dateOfBirth: '2019-01-01', expectedDeliveryDate: null };
  const decision = { outcome: Object.keys(settings.outcomes)[0], thresholdLevel: 1, rationale: 'r', reasonsThresholdNotMet: 'n', alternativeSupport: ['s'], decidedAt: contact.receivedAt };
  const views: Record<string, object> = {
    'professional/acknowledgement': professionalAcknowledgementView(settings, contact, 'Sample Referrer'),
    'professional/outcome': professionalOutcomeView(settings, contact, child, decision, 'Sample Referrer'),
    'public/acknowledgement': publicAcknowledgementView(settings, contact),
    'public/outcome': publicOutcomeView(settings, contact, decision.outcome),
    'involved_agency/outcome': agencyOutcomeView(settings, contact, child, decision, 'Sample Agency'),
  };
  return TEMPLATE_SLOTS.map(({ audience, kind }) => ({ audience, kind, view: views[slotKey(audience, kind)] }));
}
