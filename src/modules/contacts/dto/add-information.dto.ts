import { ConcernDto, EvidenceDto } from './contact-parts.dto';
import { Narrative, NestedList } from './field-rules';

/** POST .../information: a new concern, new evidence, or a note (at least one). */
export class AddInformationDto {
  @Narrative(10_000) note?: string | null;
  @NestedList(() => ConcernDto, 20) concerns?: ConcernDto[] | null;
  @NestedList(() => EvidenceDto, 20) evidence?: EvidenceDto[] | null;
}
