/** A tiny scripted HTTP server on 127.0.0.1 for wire-level client tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub received. */
export interface Captured {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The client's port: equal across requests when a keep-alive socket was reused. */
  readonly remotePort: number | undefined;
}

/** A scripted reply; `delayMs` holds the reply back, `destroy` resets the socket. */
export interface StubReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | object;
  readonly delayMs?: number;
  readonly destroy?: boolean;
  /** Send the headers and half the body, then reset the socket. */
  readonly truncate?: boolean;
}

/** A running stub server. */
export interface StubServer {
  readonly url: string;
  readonly requests: Captured[];
  stop(): Promise<void>;
}

/** Starts a stub that answers each request with `reply(request, index)`. */
export async function startStub(reply: (req: Captured, index: number) => StubReply): Promise<StubServer> {
  const requests: Captured[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      };
      const r = reply(captured, requests.length);
      requests.push(captured);
      const send = (): void => {
        if (r.destroy) {
          req.socket.destroy();
          return;
        }
        const body =
          r.body === undefined ? '{}' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        if (r.truncate) {
          res.writeHead(r.status ?? 200, { 'content-length': String(body.length) });
          res.write(body.slice(0, body.length >> 1), () => req.socket.destroy());
          return;
        }
        res.writeHead(r.status ?? 200, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `req-${requests.length}`,
          ...r.headers,
        });
        res.end(body);
      };
      if (r.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) send();
        }, r.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Static test credentials (not secrets). */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** An awsJson error reply. */
export function errorReply(type: string, status = 400, extra: Record<string, unknown> = {}): StubReply {
  return { status, body: { __type: type, message: `${type} happened`, ...extra } };
}
