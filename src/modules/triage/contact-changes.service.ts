import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { NotificationService } from '../calendar/notification.service';
import { CLOSED_STATUSES } from '../contacts/domain/contact-vocabulary';
import { Grade, gradeRank } from './domain/grades';
import { GradeConfirmationService } from './grade-confirmation.service';
import { gradeChangeRows } from './persistence/grade-change.repository';
import { ProvisionalGradingService } from './provisional-grading.service';
import { TriageStatusService } from './triage-status.service';

export type ContactChange = { kind: 'information'; informationId: string } | { kind: 'household'; householdMemberId: string; adult: boolean; left?: boolean };

export interface ChangeOutcome {
  outcome: 'not_graded' | 'closed' | 'no_such_contact' | 'reviewed';
  raised: { subjectId: string; from: Grade | null; to: Grade }[];
  notified: string | null;
}

/**
 * Something new reached an open contact (information, a person added to the household): it must
 * reach a person (SPEC RAG-2, RAG-3, CHK-5; DUD 5.8-5.18). Re-runs the provisional rules on the
 * contact as it stands: a child graded higher than the grade in effect is raised at once (the
 * deadline comes forward) and flagged for the worker to confirm; a lower result changes nothing (a
 * grade is never lowered silently); a child without a grade yet (added to the household) gets its
 * first one. Then the worker holding the contact is notified; with nobody holding it, the queue
 * shows the change (updated time, last information, grade to confirm). A contact not graded yet is
 * left to grading, which reads everything; a closed one never gets here (information on it opens a
 * new contact). One transaction, idempotent: run again, nothing is higher and the unread notice stands.
 */
@Injectable()
export class ContactChangesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly status: TriageStatusService,
    private readonly grading: ProvisionalGradingService,
    private readonly grades: GradeConfirmationService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {}

  review(contactId: string, change: ContactChange): Promise<ChangeOutcome> {
    return this.uow.run(async (em) => {
      const contact = await this.status.lock(em, contactId);
      if (!contact) return { outcome: 'no_such_contact', raised: [], notified: null };
      if (CLOSED_STATUSES.includes(contact.status)) return { outcome: 'closed', raised: [], notified: null };
      const triage = await gradeChangeRows.triage(em, contactId);
      if (!triage) return { outcome: 'not_graded', raised: [], notified: null };
      const raised = await this.rerunRules(em, contactId);
      if (raised.length) await this.grades.recomputeContactGrade(em, SYSTEM_ACTOR, triage, 'rules re-run on new information');
      const notified = triage.assignedToUserId ? await this.notify(em, triage.assignedToUserId, contactId, contact.reference, change, raised) : null;
      await this.audit.record(em, SYSTEM_ACTOR, {
        action: 'contact.change-reviewed', entityType: 'contact', entityId: contactId,
        summary: { ...change, raised: raised.map((r) => ({ subjectId: r.subjectId, from: r.from, to: r.to })), notifiedUserId: notified },
      });
      return { outcome: 'reviewed', raised, notified };
    });
  }

  private async rerunRules(em: EntityManager, contactId: string) {
    const { framework, results, pictures } = await this.grading.evaluate(em, contactId);
    const current = new Map((await gradeChangeRows.grades(em, contactId)).map((g) => [g.subjectId, g]));
    const pictureOf = new Map(pictures.map((p) => [p.subjectId, p]));
    const raised: ChangeOutcome['raised'] = [];
    for (const r of results) {
      const g = current.get(r.subjectId);
      const picture = pictureOf.get(r.subjectId);
      const snapshot = { firedRules: r.firedRules, flags: picture?.flags ?? [], facts: { ...(picture?.facts ?? {}) }, personId: picture?.personId ?? null };
      if (!g) {
        await gradeChangeRows.addChild(em, { contactId, subjectId: r.subjectId, grade: r.grade, frameworkVersion: framework.version, ...snapshot });
        raised.push({ subjectId: r.subjectId, from: null, to: r.grade });
      } else if (gradeRank(r.grade) > gradeRank(g.grade)) {
        await gradeChangeRows.raiseByRules(em, g, { grade: r.grade, frameworkVersion: framework.version, ...snapshot });
        raised.push({ subjectId: r.subjectId, from: g.grade, to: r.grade });
      }
    }
    return raised;
  }

  private async notify(em: EntityManager, userId: string, contactId: string, reference: string, change: ContactChange, raised: ChangeOutcome['raised']): Promise<string | null> {
    const what = change.kind === 'information'
      ? `New information on ${reference}`
      : change.left
        ? `A member of the household on ${reference} has left it`
        : change.adult
        ? `A new adult was added to the household on ${reference}: police and agency checks are required (CHK-5)`
        : `A child was added to the household on ${reference} and graded`;
    const grades = raised.length ? `; grade raised to ${raised.map((r) => r.to).sort((a, b) => gradeRank(b) - gradeRank(a))[0]} by the rules: confirm it` : '';
    const sent = await this.notifications.notifyOnce(em, { userId, kind: change.kind === 'information' ? 'contact_information' : 'household_change', contactId, message: `${what}${grades}.` });
    return sent ? userId : null;
  }
}
