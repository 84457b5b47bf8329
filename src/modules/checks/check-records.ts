/** What other features may read of checks, in their own transaction (checks owns agency_check). */
export { agencyChecks } from './persistence/agency-check.repository';
export { agenciesThatAnswered } from './persistence/answering-agencies.query';
