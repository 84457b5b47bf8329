import { createServer, Agent, request, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { keepAliveBeyondProxies } from './keep-alive';

/** Two requests on one keep-alive connection with `idleMs` between them; the sockets each used. */
async function twoRequestsApart(server: Server, idleMs: number): Promise<{ statuses: (number | string)[]; sameSocket: boolean }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets: Socket[] = [];
  const get = () =>
    new Promise<number | string>((resolve) => {
      const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('socket', (s) => sockets.push(s));
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      req.end();
    });
  try {
    const first = await get();
    await new Promise((r) => setTimeout(r, idleMs));
    const second = await get();
    return { statuses: [first, second], sameSocket: sockets[0] === sockets[1] };
  } finally {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('keepAliveBeyondProxies', () => {
  it('keeps an idle keep-alive connection open past Node’s default (about 6 s), which closes it and makes the client open another', async () => {
    const ours = createServer((_req, res) => res.end('ok'));
    keepAliveBeyondProxies(ours);
    const nodeDefault = createServer((_req, res) => res.end('ok'));
    // Both at once: one wait of 6.5 s serves the test and the control that shows the wait matters.
    const [kept, closed] = await Promise.all([twoRequestsApart(ours, 6_500), twoRequestsApart(nodeDefault, 6_500)]);
    expect(kept).toEqual({ statuses: [200, 200], sameSocket: true });
    expect(closed).toEqual({ statuses: [200, 200], sameSocket: false });
  }, 15_000);
});
