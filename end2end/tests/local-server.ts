// A small local HTTP server standing in for a bank's system or a provider (Meta's Graph
// API, the bank's CRM, a webhook receiver): each request's body is read whole and the
// test chooses the answer.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = { status: number; json?: unknown };

/** Listens on 127.0.0.1:`port` (0: any free port). */
export async function localServer(
  port: number,
  answer: (req: http.IncomingMessage, raw: string) => Answer,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const { status, json } = answer(req, raw);
      if (json === undefined) {
        res.writeHead(status).end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

export function portOf(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stops listening and drops the connections a client keeps alive (the server under
 * test pools them), so closing does not wait for their idle timeout. */
export function closeServer(server: http.Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
