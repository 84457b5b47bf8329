import { Injectable, OnModuleInit } from '@nestjs/common';
import { MailDeliveryListeners } from '../../mail/mail-delivery-listeners';
import { FEEDBACK_PURPOSES } from '../feedback-record';
import { FeedbackService } from '../feedback.service';

/** When the SMTP server accepts an outcome message, the referrer has been told: RAG-5's feedback clock is met in that transaction (FB-4). */
@Injectable()
export class FeedbackSentListener implements OnModuleInit {
  constructor(
    private readonly listeners: MailDeliveryListeners,
    private readonly feedback: FeedbackService,
  ) {}

  onModuleInit(): void {
    this.listeners.whenSent(FEEDBACK_PURPOSES.outcome, (em, message, acceptedAt) => this.feedback.onOutcomeFeedbackSent(em, message.aboutId, acceptedAt));
  }
}
