import type { EntityManager } from 'typeorm';
import { contactParts } from '../../contacts/contact-records';
import { StepDown } from './step-down.entity';

/** Step-downs naming this user as lead professional or offered to their agency, newest first, with each child's name. */
export async function stepDownOffers(em: EntityManager, userId: string, agencyId: string | null, limit: number) {
  const qb = em.getRepository(StepDown).createQueryBuilder('s').where('s.leadProfessionalUserId = :userId', { userId });
  if (agencyId) qb.orWhere('s.receivingAgencyId = :agencyId', { agencyId });
  const rows = await qb.orderBy('s.createdAt', 'DESC').addOrderBy('s.id', 'DESC').take(limit).getMany();
  const subjects = rows.length ? await contactParts.subjectsByIds(em, [...new Set(rows.map((r) => r.subjectId))]) : [];
  const byId = new Map(subjects.map((s) => [s.id, s]));
  return rows.map((row) => {
    const s = byId.get(row.subjectId);
    const name = [s?.firstName, s?.lastName].filter(Boolean).join(' ') || s?.description || 'Unnamed child';
    return { row, child: { name, dateOfBirth: s?.dateOfBirth ?? s?.expectedDeliveryDate ?? null } };
  });
}
