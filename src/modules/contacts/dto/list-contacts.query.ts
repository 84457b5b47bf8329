import { Equals } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';

/** GET /api/v1/contacts?mine=true: a referrer's, police officer's or partner's own contacts. */
export class ListContactsQueryDto extends PageQueryDto {
  /** Must be "true": only one's own contacts are listed here (MASH staff use the triage queue). */
  @Equals('true', { message: 'mine must be true: this lists your own contacts' })
  mine: string;
}
