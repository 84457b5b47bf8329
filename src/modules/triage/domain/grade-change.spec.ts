import { classifyGradeChange, GradeChangeRequest } from './grade-change';
import { nextContactStatus, TriageEvent } from './contact-status';
import type { ContactStatus } from '../../contacts/domain/contact-vocabulary';

describe('confirming or changing a grade (SPEC RAG-3)', () => {
  it.each<[string, GradeChangeRequest, string, string[]]>([
    ['confirm the provisional grade', { current: 'AMBER', requested: 'AMBER', referrerUrgency: null, approvedFloor: null }, 'confirm', []],
    ['raise GREEN to RED', { current: 'GREEN', requested: 'RED', referrerUrgency: null, approvedFloor: null }, 'raise', []],
    ['lower RED to AMBER', { current: 'RED', requested: 'AMBER', referrerUrgency: null, approvedFloor: null }, 'needs_approval', ['RAG-3.lowering']],
    ['lower AMBER to GREEN', { current: 'AMBER', requested: 'GREEN', referrerUrgency: 'urgent', approvedFloor: null }, 'needs_approval', ['RAG-3.lowering']],
    ['referrer said immediate risk: AMBER needs approval even if the grade in effect is AMBER', { current: 'AMBER', requested: 'AMBER', referrerUrgency: 'immediate_risk', approvedFloor: null }, 'needs_approval', ['RAG-3.below-immediate-risk']],
    ['referrer said immediate risk, lowering RED to GREEN: both reasons', { current: 'RED', requested: 'GREEN', referrerUrgency: 'immediate_risk', approvedFloor: null }, 'needs_approval', ['RAG-3.lowering', 'RAG-3.below-immediate-risk']],
    ['referrer said immediate risk, a manager already approved AMBER: re-confirming AMBER is fine', { current: 'AMBER', requested: 'AMBER', referrerUrgency: 'immediate_risk', approvedFloor: 'AMBER' }, 'confirm', []],
    ['referrer said immediate risk, approved AMBER, now GREEN: needs approval again', { current: 'AMBER', requested: 'GREEN', referrerUrgency: 'immediate_risk', approvedFloor: 'AMBER' }, 'needs_approval', ['RAG-3.lowering', 'RAG-3.below-immediate-risk']],
    ['referrer said immediate risk, confirming RED', { current: 'RED', requested: 'RED', referrerUrgency: 'immediate_risk', approvedFloor: null }, 'confirm', []],
  ])('%s', (_name, request, kind, reasons) => {
    expect(classifyGradeChange(request)).toEqual({ kind, reasons });
  });
});

describe('contact status as triage moves it', () => {
  it.each<[ContactStatus, TriageEvent, number, ContactStatus]>([
    ['received', 'graded', 0, 'triaged'],
    ['in_progress', 'graded', 0, 'in_progress'],
    ['triaged', 'assigned', 0, 'in_progress'],
    ['triaged', 'grade_confirmed', 0, 'in_progress'],
    ['pending_approval', 'assigned', 0, 'pending_approval'],
    ['triaged', 'approval_requested', 1, 'pending_approval'],
    ['pending_approval', 'approvals_settled', 1, 'pending_approval'],
    ['pending_approval', 'approvals_settled', 0, 'in_progress'],
    ['decided', 'approval_requested', 1, 'decided'],
    ['decided', 'assigned', 0, 'decided'],
  ])('%s + %s (%d pending) -> %s', (from, event, pending, to) => {
    expect(nextContactStatus(from, event, pending)).toBe(to);
  });
});
