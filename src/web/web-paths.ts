/**
 * Which requests are web pages. Everything else (the JSON API, its docs, health, metrics and the
 * queue dashboard) keeps its own headers and never reads or sets a session cookie (SPEC WEB-3).
 */
const NOT_WEB = /^\/(api|docs|docs-json|health|metrics|admin\/queues)(\/|$)/;

export function isWebPath(path: string): boolean {
  return !NOT_WEB.test(path);
}
