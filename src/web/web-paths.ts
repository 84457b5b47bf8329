/**
 * Which requests are web pages. Everything else (the JSON API, its docs, health, metrics and the
 * queue dashboard) keeps its own headers and never reads or sets a session cookie (SPEC WEB-3).
 */
// Case-insensitive, as Express matches routes and mounts: `/API/v1/me` is the API and `/Admin/Queues`
// the dashboard, so neither may pass the web layer (sessions, CSRF, a page's headers) on its way there.
const NOT_WEB = /^\/(api|docs|docs-json|health|metrics|admin\/queues)(\/|$)/i;

export function isWebPath(path: string): boolean {
  return !NOT_WEB.test(path);
}
