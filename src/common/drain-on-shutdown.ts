import type { Server } from 'node:http';

/**
 * SPEC REL-6: on SIGTERM/SIGINT the API finishes the requests it holds and lets keep-alive clients go.
 * Nest closes the HTTP server on the signal, and Node then refuses new connections and closes idle
 * ones, but a client that keeps reusing its keep-alive connection keeps that connection busy and the
 * process alive for ever (measured: still up 10 s after SIGTERM under load). From the signal on, every
 * response carries `Connection: close` and idle connections are closed as soon as they appear, so
 * the server drains in the time the last request takes.
 */
export function drainOnShutdown(server: Server, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  let draining = false;
  server.prependListener('request', (_req, res) => {
    if (draining && !res.headersSent) res.setHeader('Connection', 'close');
  });
  const start = () => {
    if (draining) return;
    draining = true;
    server.closeIdleConnections();
    const timer = setInterval(() => server.closeIdleConnections(), 50);
    timer.unref();
    server.once('close', () => clearInterval(timer));
  };
  // `once`: Nest re-raises the signal after closing; with no listener left, the process then exits.
  for (const signal of signals) process.once(signal, start);
}
