/** RAG grades (SPEC RAG-1), lowest to highest. Pure TypeScript. */
export const GRADES = ['GREEN', 'AMBER', 'RED'] as const;
export type Grade = (typeof GRADES)[number];

export const gradeRank = (g: Grade): number => GRADES.indexOf(g);

export function highestGrade(grades: Grade[], floor: Grade = 'GREEN'): Grade {
  return grades.reduce<Grade>((best, g) => (gradeRank(g) > gradeRank(best) ? g : best), floor);
}

export const isGrade = (value: unknown): value is Grade => typeof value === 'string' && (GRADES as readonly string[]).includes(value);
