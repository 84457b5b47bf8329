import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, FindOptionsWhere } from 'typeorm';
import type { FeedbackRecord } from '../../src/modules/feedback/feedback-record';
import { FeedbackService } from '../../src/modules/feedback/feedback.service';
import { Feedback } from '../../src/modules/feedback/persistence/feedback.entity';

/** Feedback rows with the delivery state of their e-mails (the outbound_message about each), as the API reads them. */
export function feedbackOf(app: INestApplicationContext, where: FindOptionsWhere<Feedback>): Promise<FeedbackRecord[]> {
  const em = app.get(DataSource).manager;
  return app.get(FeedbackService).records(em, () => em.find(Feedback, { where, order: { createdAt: 'ASC', id: 'ASC' } }));
}

export async function oneFeedback(app: INestApplicationContext, where: FindOptionsWhere<Feedback>): Promise<FeedbackRecord | null> {
  return (await feedbackOf(app, where))[0] ?? null;
}
