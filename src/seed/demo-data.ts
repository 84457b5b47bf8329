import type { AgencyType, Role } from '../auth/roles';

/**
 * Demo agencies and one user per role, for development only (never seeded when NODE_ENV=production).
 * The passwords are published in the README and printed by `npm run dev`.
 */
export const DEMO_AGENCIES: { key: string; name: string; type: AgencyType; email: string; emailDomains: string[] }[] = [
  { key: 'la', name: "Northshire Council Children's Services (MASH)", type: 'la_childrens_social_care', email: 'mash@northshire.localhost', emailDomains: ['northshire.localhost'] },
  { key: 'police', name: 'Northshire Police Public Protection Unit', type: 'police', email: 'ppu@police.localhost', emailDomains: ['police.localhost'] },
  { key: 'school', name: 'Riverside Primary School', type: 'school', email: 'dsl@riverside-school.localhost', emailDomains: ['riverside-school.localhost'] },
  { key: 'gp', name: 'Hillview GP Practice', type: 'health_gp', email: 'safeguarding@hillview-gp.localhost', emailDomains: ['hillview-gp.localhost'] },
  { key: 'hv', name: 'Northshire Health Visiting Team', type: 'health_visitor', email: 'hv@health.localhost', emailDomains: ['health.localhost'] },
  { key: 'eh', name: 'Northshire Early Help Service', type: 'early_help', email: 'earlyhelp@northshire.localhost', emailDomains: ['northshire.localhost'] },
];

export const DEMO_USERS: { email: string; name: string; role: Role; agency: string; password: string }[] = [
  { email: 'referrer@mash.localhost', name: 'Rita Referrer (school DSL)', role: 'referrer', agency: 'school', password: 'Referrer-dev-2026!' },
  { email: 'police@mash.localhost', name: 'PC Pat Police', role: 'police', agency: 'police', password: 'Police-dev-2026!' },
  { email: 'partner@mash.localhost', name: 'Helen Health Visitor', role: 'partner', agency: 'hv', password: 'Partner-dev-2026!' },
  { email: 'gp@mash.localhost', name: 'Dr Gita GP', role: 'partner', agency: 'gp', password: 'Partner-dev-2026!' },
  { email: 'earlyhelp@mash.localhost', name: 'Eli Early Help', role: 'partner', agency: 'eh', password: 'Partner-dev-2026!' },
  { email: 'worker@mash.localhost', name: 'Sam Social Worker', role: 'mash_worker', agency: 'la', password: 'Worker-dev-2026!' },
  { email: 'manager@mash.localhost', name: 'Morgan Manager', role: 'mash_manager', agency: 'la', password: 'Manager-dev-2026!' },
  { email: 'manager2@mash.localhost', name: 'Maxine Second Manager', role: 'mash_manager', agency: 'la', password: 'Manager-dev-2026!' },
  { email: 'auditor@mash.localhost', name: 'Avery Auditor', role: 'auditor', agency: 'la', password: 'Auditor-dev-2026!' },
  // A second administrator: giving an account a role that reads case data takes two (SPEC SEC-4).
  { email: 'admin2@mash.localhost', name: 'Ada Second Administrator', role: 'admin', agency: 'la', password: 'Admin2-dev-2026!' },
];
