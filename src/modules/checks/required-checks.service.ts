import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { contactParts, HouseholdMemberRow, SubjectRow } from '../contacts/contact-records';
import { ChecksSettings } from './checks-settings';
import { CheckFacts, ExistingCheck, Grade, outstandingChecks, RequiredCheck, requiredChecks } from './domain/required-checks';
import type { AgencyCheck } from './persistence/agency-check.entity';
import { AgencyCheckRepository } from './persistence/agency-check.repository';

export interface ContactCheckPicture {
  facts: CheckFacts;
  subjects: SubjectRow[];
  household: HouseholdMemberRow[];
  checks: AgencyCheck[];
}

/**
 * Reads a contact's facts and checks and applies the pure rules of domain/required-checks.ts. The
 * decisions module asks it what is outstanding for a child (CHK-4).
 */
@Injectable()
export class RequiredChecksService {
  constructor(
    private readonly settings: ChecksSettings,
    private readonly checks: AgencyCheckRepository,
  ) {}

  /** null when the contact does not exist. */
  async picture(em: EntityManager, contactId: string): Promise<ContactCheckPicture | null> {
    const contact = await contactParts.contact(em, contactId, { id: true, receivedAt: true });
    if (!contact) return null;
    // One after another: `em` is often a transaction's, whose one connection runs one query at a time
    // (pg queues the rest, a use it has deprecated and pg 9 refuses).
    const subjects = await contactParts.subjects(em, contactId);
    const household = await contactParts.household(em, contactId);
    const concerns = await contactParts.concerns(em, contactId, { id: true, category: true });
    const checks = await this.checks.ofContact(em, contactId);
    const facts: CheckFacts = {
      receivedAt: contact.receivedAt,
      subjects: subjects.map((s) => ({ id: s.id })),
      household: household.map((m) => ({ id: m.id, relationship: m.relationship, dateOfBirth: m.dateOfBirth, knownRisks: m.knownRisks })),
      concernCategories: [...new Set(concerns.map((c) => c.category))],
    };
    return { facts, subjects, household, checks };
  }

  required(picture: ContactCheckPicture, grade: Grade): RequiredCheck[] {
    return requiredChecks(picture.facts, grade, this.settings.config);
  }

  /** CHK-4: the required checks for this child's decision that are neither answered nor waived. */
  async outstandingFor(em: EntityManager, contactId: string, subjectId: string, grade: Grade): Promise<RequiredCheck[]> {
    const picture = await this.picture(em, contactId);
    if (!picture) return [];
    return outstandingChecks(this.required(picture, grade), picture.checks.map(existing), subjectId);
  }
}

export function existing(c: AgencyCheck): ExistingCheck {
  return { id: c.id, checkType: c.checkType, status: c.status, subjectIds: c.subjectIds, householdMemberIds: c.householdMemberIds, requestedAt: c.requestedAt };
}
