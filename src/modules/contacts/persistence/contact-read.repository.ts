import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ContactStatus } from '../domain/contact-vocabulary';
import { Contact } from './contact.entity';
import { ContactConcern } from './contact-concern.entity';
import { ContactEvidence } from './contact-evidence.entity';
import { ContactHouseholdMember } from './contact-household-member.entity';
import { ContactInformation } from './contact-information.entity';
import { ContactReferrer } from './contact-referrer.entity';
import { ContactSubject } from './contact-subject.entity';

export interface MyContactRow {
  id: string;
  reference: string;
  channel: string;
  status: string;
  received_at: Date;
  updated_at: Date;
  subject_count: number;
  concern_count: number;
}

export interface PublicContactRow {
  id: string;
  reference: string;
  status: ContactStatus;
  updated_at: Date;
  tracking_token_hash: string | null;
}

/** Reads of contacts for their readers: the whole record, a submitter's own list, a public contact by reference. */
@Injectable()
export class ContactReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Everything stored about a contact; null when there is none. */
  async record(id: string) {
    const m = this.dataSource.manager;
    const byContact = { where: { contactId: id } };
    const ordered = { ...byContact, order: { position: 'ASC' as const } };
    const [contact, referrer, subjects, household, concerns, evidence, information] = await Promise.all([
      m.findOne(Contact, { where: { id } }),
      m.findOne(ContactReferrer, byContact),
      m.find(ContactSubject, ordered),
      m.find(ContactHouseholdMember, ordered),
      m.find(ContactConcern, ordered),
      m.find(ContactEvidence, ordered),
      m.find(ContactInformation, { ...byContact, order: { addedAt: 'ASC' } }),
    ]);
    return contact ? { contact, referrer, subjects, household, concerns, evidence, information } : null;
  }

  /** A submitter's own contacts, newest first, after the keyset position (receivedAt, id) when given. */
  mine(userId: string, limit: number, after?: [string, string]): Promise<MyContactRow[]> {
    const params: unknown[] = [userId, limit];
    const where = after ? (params.push(after[0], after[1]), 'AND (c.received_at, c.id) < ($3::timestamptz, $4::uuid)') : '';
    return this.dataSource.query(
      `SELECT c.id, c.reference, c.channel, c.status, c.received_at, c.updated_at,
              (SELECT count(*)::int FROM contact_subject s WHERE s.contact_id = c.id) AS subject_count,
              (SELECT count(*)::int FROM contact_concern k WHERE k.contact_id = c.id) AS concern_count
         FROM contact c WHERE c.submitted_by_user_id = $1 ${where}
        ORDER BY c.received_at DESC, c.id DESC LIMIT $2`,
      params,
    );
  }

  /** A public contact by its reference, with the hash of its tracking token. */
  async publicByReference(reference: string): Promise<PublicContactRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT id, reference, status, updated_at, tracking_token_hash FROM contact WHERE reference = $1 AND channel = 'public'`, [reference]);
    return row;
  }
}
