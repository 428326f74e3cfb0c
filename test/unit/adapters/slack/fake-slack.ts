/** A local HTTP server standing in for a Slack incoming webhook (127.0.0.1, port 0). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one request: status and headers (default 200 "ok"). */
export interface FakeReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** The fake webhook: `received` are parsed JSON bodies of every request (including refused ones). */
export interface FakeSlack {
  readonly url: string;
  readonly received: Record<string, unknown>[];
  /** Bodies of the requests answered 200 (what a channel would show). */
  readonly accepted: Record<string, unknown>[];
  /** Replies to use next, in order; when empty, answers 200. */
  readonly script: FakeReply[];
  stop(): Promise<void>;
}

/** Starts the fake webhook. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const received: Record<string, unknown>[] = [];
  const accepted: Record<string, unknown>[] = [];
  const script: FakeReply[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      received.push(body);
      const reply = script.shift() ?? { status: 200, body: 'ok' };
      if (reply.status === 200) accepted.push(body);
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...(reply.headers ?? {}) });
      res.end(reply.body ?? (reply.status === 200 ? 'ok' : 'error'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secret-token`,
    received,
    accepted,
    script,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
