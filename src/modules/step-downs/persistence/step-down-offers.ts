import { Brackets, type EntityManager } from 'typeorm';
import { contactParts } from '../../contacts/contact-records';
import { StepDown } from './step-down.entity';

/** The step-downs offered to this user (named as lead professional) or to their agency. */
function offersQuery(em: EntityManager, userId: string, agencyId: string | null) {
  return em.getRepository(StepDown).createQueryBuilder('s').where(new Brackets((w) => {
    w.where('s.leadProfessionalUserId = :userId', { userId });
    if (agencyId) w.orWhere('s.receivingAgencyId = :agencyId', { agencyId });
  }));
}

/** How many step-downs offered to this user or their agency are in a status (a count: no child's record). */
export function stepDownOfferCount(em: EntityManager, userId: string, agencyId: string | null, status: StepDown['status']): Promise<number> {
  return offersQuery(em, userId, agencyId).andWhere('s.status = :status', { status }).getCount();
}

/** Step-downs naming this user as lead professional or offered to their agency, newest first, with each child's name; `id`: that one only. */
export async function stepDownOffers(em: EntityManager, userId: string, agencyId: string | null, limit: number, id?: string) {
  const qb = offersQuery(em, userId, agencyId);
  if (id) qb.andWhere('s.id = :id', { id });
  const rows = await qb.orderBy('s.createdAt', 'DESC').addOrderBy('s.id', 'DESC').take(limit).getMany();
  const subjects = rows.length ? await contactParts.subjectsByIds(em, [...new Set(rows.map((r) => r.subjectId))]) : [];
  const byId = new Map(subjects.map((s) => [s.id, s]));
  return rows.map((row) => {
    const s = byId.get(row.subjectId);
    const name = [s?.firstName, s?.lastName].filter(Boolean).join(' ') || s?.description || 'Unnamed child';
    return { row, child: { name, dateOfBirth: s?.dateOfBirth ?? s?.expectedDeliveryDate ?? null } };
  });
}
