import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeopleForTriage, SubjectPicture } from './people-for-triage';

/**
 * INTERIM, replaced by the people issue (#4): reads the contact's subjects without matching them to
 * the person index, so it reports no flags and no history. It exists so grading can be built and
 * tested before person matching lands; it must not survive that issue.
 */
@Injectable()
export class InterimPeopleForTriage extends PeopleForTriage {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async prepareContact(contactId: string): Promise<SubjectPicture[]> {
    const subjects: { id: string; person_id: string | null }[] = await this.dataSource.query(
      'SELECT id, person_id FROM contact_subject WHERE contact_id = $1 ORDER BY position',
      [contactId],
    );
    return subjects.map((s) => ({
      subjectId: s.id,
      personId: s.person_id,
      flags: [],
      facts: { onCurrentCpPlan: false, everOnCpPlan: false, selfHarmEpisodesLast90Days: 0 },
    }));
  }
}
