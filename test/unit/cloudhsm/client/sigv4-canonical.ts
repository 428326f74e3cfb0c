/** Recomputes SigV4 canonical requests from captured wire requests (test helper, no SDK code). */
import { createHash, createHmac } from 'node:crypto';
import type { Captured } from './stub-server';

/** The parsed parts of a SigV4 request. */
export interface CanonicalParts {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly signedHeaders: string[];
  readonly canonicalHeaders: Record<string, string>;
  readonly payloadHash: string;
  readonly credentialScope: string;
  readonly amzDate: string;
  readonly signature: string;
  readonly canonicalRequest: string;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Parses the Authorization header and rebuilds the canonical request over its SignedHeaders. */
export function canonicalize(req: Captured): CanonicalParts {
  const auth = String(req.headers.authorization);
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) throw new Error(`unparseable authorization header`);
  const signedHeaders = m[3]!.split(';');
  const canonicalHeaders: Record<string, string> = {};
  for (const h of signedHeaders) {
    const v = req.headers[h];
    canonicalHeaders[h] = (Array.isArray(v) ? v.join(',') : String(v)).trim().replace(/\s+/g, ' ');
  }
  const payloadHash =
    typeof req.headers['x-amz-content-sha256'] === 'string'
      ? req.headers['x-amz-content-sha256']
      : sha256(req.body);
  const [path, query = ''] = req.url.split('?') as [string, string?];
  const canonicalRequest = [
    req.method,
    path,
    query,
    signedHeaders.map((h) => `${h}:${canonicalHeaders[h]}\n`).join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  return {
    method: req.method,
    path,
    query,
    signedHeaders,
    canonicalHeaders,
    payloadHash,
    credentialScope: m[2]!,
    amzDate: String(req.headers['x-amz-date']),
    signature: m[4]!,
    canonicalRequest,
  };
}

/** Recomputes the signature from the parts and a secret key. */
export function expectedSignature(parts: CanonicalParts, secret: string): string {
  const [date, region, service] = parts.credentialScope.split('/') as [string, string, string];
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    parts.amzDate,
    parts.credentialScope,
    sha256(parts.canonicalRequest),
  ].join('\n');
  const hmac = (key: string | Buffer, data: string): Buffer =>
    createHmac('sha256', key).update(data, 'utf8').digest();
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
}
