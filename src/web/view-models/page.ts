import { COUNCIL_NAME, SERVICE_NAME } from '../web-config';

/** "Page - Service - Council", with "Error: " first when the page shows errors (GOV.UK page title pattern). */
export function pageTitle(page: string, hasErrors = false): string {
  return `${hasErrors ? 'Error: ' : ''}${page} - ${SERVICE_NAME} - ${COUNCIL_NAME}`;
}
