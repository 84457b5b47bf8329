import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DECISION_OUTCOMES } from '../../decisions/domain/decision-vocabulary';
import { OUTCOMES, parseThresholdFramework, selectActive, ThresholdFramework } from './framework';

const file = join(__dirname, '../../../../config/thresholds/rag-framework-v2.yaml');
const raw = () => parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { rules: Record<string, unknown>[]; grades: Record<string, Record<string, unknown>> };

function problems(doc: unknown): string {
  try {
    parseThresholdFramework(doc, 'test framework');
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('threshold framework file (SPEC RAG-1): schema-validated data', () => {
  it('the shipped file is valid and gives each grade one meaning, one response and one deadline', () => {
    const f = parseThresholdFramework(raw());
    expect(f.version).toBe('rag-framework-v2');
    expect(f.grades.RED).toMatchObject({ decisionDeadline: { aroundTheClock: true, hours: 4 }, allowedOutcomes: ['strategy_discussion', 'immediate_protection'] });
    expect(f.grades.AMBER.decisionDeadline).toEqual({ aroundTheClock: false, workingDays: 1 });
    expect(f.grades.GREEN.decisionDeadline).toEqual({ aroundTheClock: false, workingDays: 3 });
    for (const g of Object.values(f.grades)) expect(g.criteria.length).toBeGreaterThan(0);
  });

  it('names each problem with its path: unknown category, unknown key, bad grade, duplicate id, bad deadline, missing grade', () => {
    const doc = raw();
    (doc.rules[0].when as { concern: { categoryIn: string[] } }).concern.categoryIn = ['sexual_abus'];
    doc.rules[1].minimumGrade = 'PURPLE';
    doc.rules[2].id = doc.rules[3].id;
    doc.rules[4].whenn = {};
    doc.grades.RED.decisionDeadline = { workingDays: 1 };
    delete doc.grades.GREEN;
    doc.rules.push({ id: 'RAG-2.amber.x', description: 'x', minimumGrade: 'AMBER', when: { fact: { name: 'favouriteColour', atLeast: 1 } } });
    const message = problems(doc);
    expect(message).toContain('Invalid test framework');
    expect(message).toContain('rules[0].when.concern.categoryIn[0]: "sexual_abus" is not one of');
    expect(message).toContain('rules[1].minimumGrade: "PURPLE" is not one of: GREEN, AMBER, RED');
    expect(message).toContain(`rules[3].id: "${doc.rules[3].id}" is used twice`);
    expect(message).toContain('rules[4].whenn: unknown key');
    expect(message).toContain('grades.RED.decisionDeadline: an around-the-clock deadline is given in hours or minutes');
    expect(message).toContain('grades.GREEN: is missing');
    expect(message).toContain(`rules[${doc.rules.length - 1}].when.fact.name: "favouriteColour" is not one of`);
  });

  it('a node with two keys, an empty any, a boolean fact compared as a number, and a rule id naming the wrong grade are refused', () => {
    const doc = raw();
    doc.rules = [
      { id: 'RAG-2.red.a', description: 'a', minimumGrade: 'RED', when: { concern: { categoryIn: ['injury'] }, child: { unborn: true } } },
      { id: 'RAG-2.red.b', description: 'b', minimumGrade: 'RED', when: { any: [] } },
      { id: 'RAG-2.red.c', description: 'c', minimumGrade: 'RED', when: { fact: { name: 'onCurrentCpPlan', atLeast: 1 } } },
      { id: 'RAG-2.red.d', description: 'd', minimumGrade: 'AMBER', when: { flag: { any: true } } },
    ];
    const message = problems(doc);
    expect(message).toContain('rules[0].when: must have exactly one of');
    expect(message).toContain('rules[1].when.any: must have at least 1 item');
    expect(message).toContain('onCurrentCpPlan is true/false: use "is"');
    expect(message).toContain("rules[3].id: names RED but the rule's minimumGrade is AMBER");
  });

  it('its outcome words are the decisions module’s', () => {
    expect([...OUTCOMES].sort()).toEqual([...DECISION_OUTCOMES].sort());
  });

  it('exactly one framework is active and versions are unique', () => {
    const f = parseThresholdFramework(raw());
    const retired: ThresholdFramework = { ...f, version: 'rag-framework-v0', status: 'retired' };
    expect(selectActive([retired, f]).version).toBe('rag-framework-v2');
    expect(() => selectActive([retired])).toThrow(/exactly one threshold framework must have status: active \(found 0\)/);
    expect(() => selectActive([f, { ...f }])).toThrow(/appears in two files/);
  });
});
