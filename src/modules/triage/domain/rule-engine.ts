import { evaluate } from './conditions';
import type { ThresholdFramework } from './framework';
import { Grade, highestGrade } from './grades';
import type { GradingInput } from './grading-input';

export interface FiredRule {
  ruleId: string;
  description: string;
  minimumGrade: Grade;
}

export interface SubjectGrading {
  subjectId: string;
  grade: Grade;
  firedRules: FiredRule[];
  frameworkVersion: string;
}

/**
 * Provisional grade of one child (SPEC RAG-2): every rule is evaluated and every rule that fired is
 * kept (the worker sees why); the grade is the highest minimum among them, GREEN when none fired.
 * Nothing raises a grade that is not a rule in the framework file.
 */
export function gradeSubject(framework: ThresholdFramework, input: GradingInput): SubjectGrading {
  const firedRules = framework.rules
    .filter((rule) => evaluate(rule.when, input))
    .map((rule) => ({ ruleId: rule.id, description: rule.description, minimumGrade: rule.minimumGrade }));
  return {
    subjectId: input.subject.subjectId,
    grade: highestGrade(firedRules.map((r) => r.minimumGrade)),
    firedRules,
    frameworkVersion: framework.version,
  };
}

/** The contact's grade is the highest of its children's (SPEC RAG-4). */
export function contactGrade(subjects: { grade: Grade }[]): Grade {
  return highestGrade(subjects.map((s) => s.grade));
}
