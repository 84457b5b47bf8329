import type { Server } from 'node:http';

/** Longer than the idle timeout of the proxies an API usually sits behind (AWS ALB and nginx: 60 s). */
export const KEEP_ALIVE_MS = 65_000;

/**
 * Keeps idle keep-alive connections open for longer than a proxy or client does. By default Node
 * closes them after 5 s (about 6 s in practice). A proxy or client that reuses a connection just as
 * the server closes it gets a reset instead of an answer: the load generator saw ECONNRESET on 2 of
 * 3,000 contacts in bench:triage. So the client, not the server, must be the side that closes an
 * idle connection. Node requires the headers timeout to be longer than the keep-alive timeout. On
 * shutdown, drainOnShutdown still closes idle connections at once.
 */
export function keepAliveBeyondProxies(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
