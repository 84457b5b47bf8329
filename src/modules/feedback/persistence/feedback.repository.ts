import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { insertRows } from '../../../database/insert-rows';
import { preparedQuery } from '../../../database/prepared-query';
import type { FeedbackAudience, FeedbackKind } from '../domain/feedback-vocabulary';
import { Feedback } from './feedback.entity';

/** A feedback row as written; resend count and timestamps keep their defaults. */
export interface NewFeedbackRow {
  id: string;
  contactId: string;
  subjectId: string | null;
  decisionId: string | null;
  kind: FeedbackKind;
  audience: FeedbackAudience;
  recipientAgencyId: string | null;
  dedupeKey: string;
  templateVersion: string;
  emailSubject: string;
  bodyText: string;
  bodyHtml: string;
}

const COLUMNS = ['id', 'contact_id', 'subject_id', 'decision_id', 'kind', 'audience', 'recipient_agency_id', 'dedupe_key', 'template_version', 'email_subject', 'body_text', 'body_html'] as const;

/** Any number of rows in one statement; a row whose dedupe key exists is left as it is and not returned. */
const INSERT_NEW = `${insertRows('feedback', COLUMNS, 'rows')}
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id, dedupe_key AS "dedupeKey"`;

/** The feedback table. Takes the caller's EntityManager. */
@Injectable()
export class FeedbackRepository {
  /** Inserts the rows whose dedupe keys are new, in one statement; returns the id of each row inserted, by dedupe key. */
  async insertNew(em: EntityManager, rows: NewFeedbackRow[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const values = rows.map((r) => ({
      id: r.id, contact_id: r.contactId, subject_id: r.subjectId, decision_id: r.decisionId, kind: r.kind, audience: r.audience,
      recipient_agency_id: r.recipientAgencyId, dedupe_key: r.dedupeKey, template_version: r.templateVersion,
      email_subject: r.emailSubject, body_text: r.bodyText, body_html: r.bodyHtml,
    }));
    const inserted = await preparedQuery<{ id: string; dedupeKey: string }>(em, INSERT_NEW, [JSON.stringify({ rows: values })]);
    return new Map(inserted.map((r) => [r.dedupeKey, r.id]));
  }

  /** The rows under these dedupe keys. */
  byDedupeKeys(em: EntityManager, keys: string[]): Promise<Feedback[]> {
    return keys.length ? em.find(Feedback, { where: { dedupeKey: In(keys) } }) : Promise.resolve([]);
  }

  /** A contact's messages in the order they were written, keyset-paged after the row `after`; `audiences` narrows them. */
  pageForContact(em: EntityManager, contactId: string, query: { audiences?: string[]; after?: string; limit: number }): Promise<Feedback[]> {
    const qb = em.getRepository(Feedback).createQueryBuilder('f').where('f.contact_id = :contactId', { contactId });
    if (query.audiences) qb.andWhere('f.audience IN (:...audiences)', { audiences: query.audiences });
    if (query.after) qb.andWhere('(f.created_at, f.id) > (SELECT c.created_at, c.id FROM feedback c WHERE c.id = :after)', { after: query.after });
    return qb.orderBy('f.created_at', 'ASC').addOrderBy('f.id', 'ASC').limit(query.limit).getMany();
  }

  /** Messages addressed to the referrer of these contacts, oldest first. */
  referrerMessages(em: EntityManager, contactIds: string[]): Promise<Feedback[]> {
    return em.find(Feedback, { where: { contactId: In(contactIds), audience: In(['professional', 'public']) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(em: EntityManager, id: string): Promise<Feedback | null> {
    return em.findOne(Feedback, { where: { id } });
  }

  lock(em: EntityManager, id: string): Promise<Feedback | null> {
    return em.findOne(Feedback, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async countResend(em: EntityManager, id: string): Promise<void> {
    await em.increment(Feedback, { id }, 'resendCount', 1);
  }
}
