/**
 * HTTP transport over node:http/node:https with keep-alive agents. We use the node modules
 * rather than fetch: they load faster at cold start, and their errors carry socket codes
 * (ECONNRESET …) that the retry policy classifies.
 */
import http from 'node:http';
import https from 'node:https';

/** A request ready to go on the wire (already signed). */
export interface WireRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What came back. Header names are lower-case. */
export interface WireResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** Options for HttpTransport. */
export interface HttpTransportOptions {
  /** Sockets per host (default 50). */
  readonly maxSockets?: number;
  /** Responses larger than this are refused (default 16 MiB). */
  readonly maxResponseBytes?: number;
}

/** The transport interface the client calls; tests may inject their own. */
export interface Transport {
  send(req: WireRequest, signal: AbortSignal): Promise<WireResponse>;
  destroy(): void;
}

/** Error raised when the response exceeds maxResponseBytes. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
}

/** Keep-alive HTTP(S) transport; one per client, closed by destroy(). */
export class HttpTransport implements Transport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly maxBytes: number;

  constructor(opts: HttpTransportOptions = {}) {
    const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 50, scheduling: 'lifo' as const };
    this.httpAgent = new http.Agent(agentOpts);
    this.httpsAgent = new https.Agent(agentOpts);
    this.maxBytes = opts.maxResponseBytes ?? 16 * 1024 * 1024;
  }

  /** Sends one request; rejects with the raw node error (or the signal's reason on abort). */
  send(req: WireRequest, signal: AbortSignal): Promise<WireResponse> {
    const secure = req.url.protocol === 'https:';
    const mod = secure ? https : http;
    return new Promise<WireResponse>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(err);
      };
      const onAbort = (): void => {
        request.destroy();
        fail(signal.reason);
      };
      const request = mod.request(
        {
          protocol: req.url.protocol,
          hostname: req.url.hostname,
          port: req.url.port || undefined,
          path: `${req.url.pathname}${req.url.search}`,
          method: 'POST',
          headers: req.headers,
          agent: secure ? this.httpsAgent : this.httpAgent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxBytes) {
              res.destroy();
              fail(new ResponseTooLargeError(`response exceeds ${this.maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', fail);
          // A socket that closes before the body is complete is a reset, whatever Node reports.
          res.on('close', () => {
            if (!res.complete)
              fail(Object.assign(new Error('response closed early'), { code: 'ECONNRESET' }));
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            resolve({
              statusCode: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      // reusedSocket tells the retry policy a reset hit an idle keep-alive socket (see idempotency.ts).
      request.on('error', (err) => fail(Object.assign(err, { reusedSocket: request.reusedSocket })));
      signal.addEventListener('abort', onAbort, { once: true });
      request.end(req.body);
    });
  }

  /** Closes idle keep-alive sockets so the process can exit. */
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
