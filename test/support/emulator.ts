import { EmulatorAdminClient } from '../../src/emulator/admin-client';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator';
import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { DEFAULT_CREDENTIALS, type EmulatorCredential } from '../../src/emulator';

/** A test emulator: handle, admin client and stop(). */
export interface TestEmulator {
  url: string;
  admin: EmulatorAdminClient;
  handle: EmulatorHandle;
  stop(): Promise<void>;
}

/**
 * Starts an emulator on a free port with a simulated clock and small delays (provisioning 10 s,
 * update 5 s, termination 5 s, retention 30 s of simulated time) unless overridden.
 */
export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const handle = await startEmulator({
    port: 0,
    clock: 'simulated',
    provisioningDelaySeconds: 10,
    updateDelaySeconds: 5,
    terminationDelaySeconds: 5,
    terminatedRetentionSeconds: 30,
    ...opts,
  });
  const admin = new EmulatorAdminClient(
    handle.url,
    opts.adminToken === undefined ? {} : { token: opts.adminToken },
  );
  return { url: handle.url, admin, handle, stop: () => handle.stop() };
}

/** A raw HTTP answer. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** Sends a raw HTTP request over loopback (node:http, so any header, Host included, can be set). */
export function rawRequest(
  url: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/',
        headers: opts.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            json = {};
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Options of a hand-signed CloudHSM call. */
export interface SignedCallOptions {
  credentials?: EmulatorCredential;
  region?: string;
  /** `sdk` signs x-amz-content-sha256 and every header; `cli` signs only content-type;host;x-amz-date;x-amz-target. */
  style?: 'sdk' | 'cli';
  signingDate?: Date;
  /** Raw body to sign (default JSON of input). */
  body?: string;
  /** Changes the signed request before it is sent (tampering tests). */
  tamper?: (r: { headers: Record<string, string>; body: string }) => void;
  target?: string;
}

/** Signs and sends one CloudHSM Classic call the way the JS SDK or AWS CLI v2 would. */
export async function signedCall(
  url: string,
  action: string,
  input: unknown = {},
  o: SignedCallOptions = {},
): Promise<RawResponse> {
  const cred = o.credentials ?? DEFAULT_CREDENTIALS;
  const region = o.region ?? 'us-east-1';
  const u = new URL(url);
  const body = o.body ?? JSON.stringify(input);
  const headers: Record<string, string> = {
    host: u.host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': o.target ?? `CloudHsmFrontendService.${action}`,
  };
  if ((o.style ?? 'sdk') === 'sdk') {
    headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
    headers['amz-sdk-invocation-id'] = '00000000-0000-4000-8000-000000000000';
  }
  const signer = new SignatureV4({
    service: 'cloudhsm',
    region,
    sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: cred.accessKeyId, secretAccessKey: cred.secretAccessKey },
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: '/',
      headers,
      body,
    }),
    { signingDate: o.signingDate ?? new Date() },
  );
  const out = { headers: { ...(signed.headers as Record<string, string>) }, body };
  o.tamper?.(out);
  return rawRequest(url, { headers: out.headers, body: out.body });
}
