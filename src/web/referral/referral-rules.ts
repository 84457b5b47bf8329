import { Inject, Injectable } from '@nestjs/common';
import type { RuleBreak } from '../../common/rule-break';
import { CIN_CODE_LISTS } from '../../modules/contacts/code-lists.provider';
import { londonDate } from '../../common/london-date';
import type { CinCodeLists } from '../../modules/contacts/domain/code-lists';
import { checkContact } from '../../modules/contacts/domain/contact-rules';
import { CreateContactDto, CreatePublicContactDto } from '../../modules/contacts/dto/create-contact.dto';
import { validateBody } from '../forms/validate';

export type ReferralKind = 'public' | 'professional';

/**
 * The API's own rules, applied to each page's answers as they are given, so a page shows the same
 * rule ids (and nothing stricter) the API would return for the whole referral (SPEC INT-6).
 */
@Injectable()
export class ReferralRules {
  constructor(
    @Inject(CIN_CODE_LISTS) private readonly codes: CinCodeLists,
    @Inject('NOW') private readonly now: () => Date,
  ) {}

  check(kind: ReferralKind, body: object): RuleBreak[] {
    const { value: dto, details } = validateBody<CreateContactDto | CreatePublicContactDto>(kind === 'public' ? CreatePublicContactDto : CreateContactDto, body);
    if (details.length) return details;
    return checkContact(dto, {
      contactDate: londonDate(this.now()), kind, referralSources: this.codes.referralSources, cinFactorCodes: this.codes.cinFactorCodes,
    });
  }
}
