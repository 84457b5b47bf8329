import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { DecisionOutcome, DecisionStatus } from '../../src/modules/decisions/persistence/threshold-decision.entity';
import type { ChildLevel } from '../../src/modules/step-downs/domain/child-level-vocabulary';

/**
 * Identities for person-index tests that never resemble another test's: names made of random letters
 * (so no two sound or look alike), a random date of birth and postcode. Records owned by other modules
 * (threshold decisions, status transitions) are inserted directly, as their modules will write them.
 */
const LETTERS = 'bcdfghjklmnpqrstvwxz';
const VOWELS = 'aeiou';

/** A pronounceable random name, e.g. "Tovekarim". */
export function uniqueName(syllables = 4): string {
  let s = '';
  for (let i = 0; i < syllables; i++) s += LETTERS[randomInt(LETTERS.length)] + VOWELS[randomInt(VOWELS.length)];
  return s[0].toUpperCase() + s.slice(1) + LETTERS[randomInt(LETTERS.length)];
}

/** A date of birth between 2008 and 2023 on a day 13-28, so day and month never transpose by accident. */
export function uniqueDob(): string {
  return `${2008 + randomInt(16)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(13 + randomInt(16)).padStart(2, '0')}`;
}

/** A postcode-shaped value no real test shares, e.g. "ZT41 7QX". */
export function uniquePostcode(): string {
  const up = 'ABDEFGHJLNPQRSTUWXYZ';
  return `Z${up[randomInt(up.length)]}${randomInt(10)}${randomInt(10)} ${randomInt(10)}${up[randomInt(up.length)]}${up[randomInt(up.length)]}`;
}

export function uniqueNhsNumber(): string {
  return `9${String(randomInt(1_000_000_000)).padStart(9, '0')}`;
}

/** Every date arithmetic in tests counts from a fixed instant, not from "now". */
export function daysAfter(base: Date, days: number): Date {
  return new Date(base.getTime() + days * 86_400_000);
}

export async function createDecision(
  ds: DataSource,
  d: { contactId: string; subjectId: string; personId?: string | null; outcome: DecisionOutcome; status?: DecisionStatus; decidedAt: Date; finalAt?: Date | null; decidedByUserId?: string },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO threshold_decision (contact_id, subject_id, person_id, outcome, threshold_level, status, rationale, decided_by_user_id, decided_at, final_at, framework_version)
     VALUES ($1, $2, $3, $4, $5, $6, 'Factory rationale', $7, $8, $9, 'test') RETURNING id`,
    [d.contactId, d.subjectId, d.personId ?? null, d.outcome, d.outcome === 'nfa' ? 1 : 3, d.status ?? 'final', d.decidedByUserId ?? randomUUID(), d.decidedAt, d.finalAt === undefined ? d.decidedAt : d.finalAt],
  );
  return row.id;
}

export async function createStatusTransition(
  ds: DataSource,
  t: { personId: string; fromLevel: ChildLevel | null; toLevel: ChildLevel; effectiveAt: Date; categoryOfAbuse?: string | null; source?: 'mash' | 'external'; decidedByUserId?: string | null },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO child_status_transition (person_id, from_level, to_level, effective_at, category_of_abuse, source, reference, decided_by_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [t.personId, t.fromLevel, t.toLevel, t.effectiveAt, t.categoryOfAbuse ?? null, t.source ?? 'external', `ICPC-${randomBytes(3).toString('hex')}`, t.decidedByUserId ?? null],
  );
  return row.id;
}
