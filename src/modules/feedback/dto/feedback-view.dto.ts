import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEEDBACK_AUDIENCES, FEEDBACK_KINDS, FEEDBACK_STATUSES } from '../domain/feedback-vocabulary';
import type { FeedbackRecord } from '../feedback-record';

export class FeedbackContentDto {
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() html: string;
}

/** A feedback record as MASH staff see it (API.md "Feedback"). */
export class FeedbackViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) subjectId: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) decisionId: string | null;
  @ApiProperty({ enum: FEEDBACK_KINDS }) kind: string;
  @ApiProperty({ enum: FEEDBACK_AUDIENCES }) audience: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) recipientAgencyId: string | null;
  @ApiPropertyOptional({ nullable: true }) recipientEmail: string | null;
  @ApiProperty({ enum: FEEDBACK_STATUSES, description: '`sending` only while an attempt is in flight' }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true }) lastAttemptAt: Date | null;
  @ApiPropertyOptional({ nullable: true, description: 'When the next automatic attempt is due (pending only)' }) nextAttemptAt: Date | null;
  @ApiPropertyOptional({ nullable: true, description: "The mail server's answer to the last failed attempt, or why it cannot be sent" }) lastError: string | null;
  @ApiPropertyOptional({ nullable: true, description: "The mail server's answer when it accepted the message" }) serverResponse: string | null;
  @ApiProperty({ description: 'RFC 5322 Message-ID, the same for every attempt' }) messageId: string;
  @ApiPropertyOptional({ nullable: true, description: 'When the SMTP server accepted it' }) sentAt: Date | null;
  @ApiProperty() resendCount: number;
  @ApiProperty() templateVersion: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: FeedbackContentDto }) content: FeedbackContentDto;
}

/** What the referrer sees of their own feedback: the message and whether it went. */
export class ReferrerFeedbackViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FEEDBACK_KINDS }) kind: string;
  @ApiProperty({ enum: FEEDBACK_STATUSES }) status: string;
  @ApiPropertyOptional({ nullable: true }) recipientEmail: string | null;
  @ApiPropertyOptional({ nullable: true }) sentAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: FeedbackContentDto }) content: FeedbackContentDto;
}

export function staffView(f: FeedbackRecord): FeedbackViewDto {
  return {
    id: f.id,
    contactId: f.contactId,
    subjectId: f.subjectId,
    decisionId: f.decisionId,
    kind: f.kind,
    audience: f.audience,
    recipientAgencyId: f.recipientAgencyId,
    recipientEmail: f.recipientEmail,
    status: f.status,
    attempts: f.attempts,
    lastAttemptAt: f.lastAttemptAt,
    nextAttemptAt: f.status === 'pending' ? f.nextAttemptAt : null,
    lastError: f.lastError,
    serverResponse: f.serverResponse,
    messageId: f.messageId,
    sentAt: f.sentAt,
    resendCount: f.resendCount,
    templateVersion: f.templateVersion,
    createdAt: f.createdAt,
    content: { subject: f.emailSubject, text: f.bodyText, html: f.bodyHtml },
  };
}

export function referrerView(f: FeedbackRecord): ReferrerFeedbackViewDto {
  // `sending` is an internal step of an attempt; to the referrer the message is still on its way.
  return { id: f.id, kind: f.kind, status: f.status === 'sending' ? 'pending' : f.status, recipientEmail: f.recipientEmail, sentAt: f.sentAt, createdAt: f.createdAt, content: { subject: f.emailSubject, text: f.bodyText, html: f.bodyHtml } };
}
