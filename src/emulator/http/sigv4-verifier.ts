import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpRequest } from '@smithy/protocol-http';
import { ALGORITHM_IDENTIFIER, getCanonicalHeaders, getSigningKey, SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { SERVICE } from '../../cloudhsm/model';
import { ApiError } from '../errors';
import type { EmulatorCredential } from '../options';

/** Who signed a request and where it is addressed. */
export interface Caller {
  readonly accountId: string;
  readonly region: string;
  readonly accessKeyId: string;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * @smithy/signature-v4's own canonicalisation, exposed for verification: the canonical request
 * and string to sign come from the library; only the final HMAC uses a signing key we cache.
 */
class VerifyingSigner extends SignatureV4 {
  /** The hex signature of a request, given its signed header names, payload hash, date, scope and signing key. */
  expectedSignature(
    request: HttpRequest,
    signedNames: ReadonlySet<string>,
    payloadHash: string,
    longDate: string,
    scope: string,
    key: Uint8Array,
  ): string {
    const canonicalHeaders = getCanonicalHeaders(request, undefined, signedNames as Set<string>);
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    // The string to sign is fixed by the SigV4 spec; hashing it here keeps the hot path synchronous.
    const hashed = createHash('sha256').update(canonicalRequest).digest('hex');
    const stringToSign = `${ALGORITHM_IDENTIFIER}\n${longDate}\n${scope}\n${hashed}`;
    return createHmac('sha256', key).update(stringToSign).digest('hex');
  }
}

const sha256Ctor = Hash.bind(null, 'sha256');
const MAX_KEYS = 1024;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Verifies SigV4 (service `cloudhsm`) the way the reference README describes: recompute the
 * signature with @smithy/signature-v4 over exactly the signed headers, then compare in constant
 * time. Signers are built once per access key; @smithy caches the derived signing keys.
 */
export class SigV4Verifier {
  private readonly byKey = new Map<string, { cred: EmulatorCredential; signer: VerifyingSigner }>();
  /** Derived signing keys per access key, date, region and service (derived once by @smithy). */
  private readonly keys = new Map<string, Uint8Array>();

  constructor(
    credentials: readonly EmulatorCredential[],
    private readonly wallNow: () => number = Date.now,
  ) {
    for (const cred of credentials) {
      const signer = new VerifyingSigner({
        service: SERVICE.signingName,
        region: 'us-east-1',
        sha256: sha256Ctor,
        credentials: { accessKeyId: cred.accessKeyId, secretAccessKey: cred.secretAccessKey },
        applyChecksum: false,
      });
      this.byKey.set(cred.accessKeyId, { cred, signer });
    }
  }

  /** Resolves to the caller, or rejects with the ApiError AWS would answer. */
  async verify(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Caller> {
    const authorization = header(headers, 'authorization');
    if (!authorization) {
      throw new ApiError('MissingAuthenticationToken', 'Missing Authentication Token', { status: 403 });
    }
    const m = AUTH_RE.exec(authorization);
    if (!m) {
      throw new ApiError(
        'IncompleteSignature',
        'Authorization header requires Credential, SignedHeaders and Signature parameters (AWS4-HMAC-SHA256)',
      );
    }
    const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m as unknown as string[];
    const entry = this.byKey.get(accessKeyId!);
    if (!entry) {
      throw new ApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', {
        status: 403,
      });
    }
    if (service !== SERVICE.signingName) {
      throw new ApiError(
        'IncompleteSignature',
        `Credential should be scoped to correct service: '${SERVICE.signingName}'.`,
      );
    }
    const amzDate = header(headers, 'x-amz-date');
    const d = amzDate ? AMZ_DATE_RE.exec(amzDate) : null;
    if (!amzDate || !d) {
      throw new ApiError(
        'IncompleteSignature',
        'Authorization requires a valid x-amz-date header (YYYYMMDDTHHMMSSZ).',
      );
    }
    if (amzDate.slice(0, 8) !== scopeDate) {
      throw new ApiError('SignatureDoesNotMatch', 'Credential scope date does not match x-amz-date.', {
        status: 403,
      });
    }
    const signingDate = new Date(Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!));
    const skew = Math.abs(this.wallNow() - signingDate.getTime());
    if (!Number.isFinite(skew) || skew > MAX_SKEW_MS) {
      throw new ApiError(
        'RequestExpired',
        `Request has expired: x-amz-date ${amzDate} is more than 15 minutes from the server time.`,
      );
    }
    const names = signedHeaderList!.split(';');
    if (!names.includes('host')) {
      throw new ApiError('IncompleteSignature', "SignedHeaders must include 'host'.");
    }
    const signed: Record<string, string> = {};
    for (const name of names) {
      const v = header(headers, name);
      if (v === undefined) {
        throw new ApiError('IncompleteSignature', `Signed header '${name}' is missing from the request.`);
      }
      signed[name] = v;
    }
    if (!names.includes('x-amz-date')) {
      throw new ApiError('IncompleteSignature', "SignedHeaders must include 'x-amz-date'.");
    }
    const declaredHash = signed['x-amz-content-sha256'] ?? header(headers, 'x-amz-content-sha256');
    let payloadHash: string;
    if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD') {
      payloadHash = createHash('sha256').update(body).digest('hex');
      if (declaredHash !== payloadHash) {
        throw new ApiError('SignatureDoesNotMatch', 'The request body does not match x-amz-content-sha256.', {
          status: 403,
        });
      }
    } else {
      payloadHash = declaredHash ?? createHash('sha256').update(body).digest('hex');
    }
    const qIndex = path.indexOf('?');
    // Only what the canonical request reads: method, path, query and the signed headers.
    const request = {
      method,
      path: qIndex < 0 ? path : path.slice(0, qIndex),
      query: qIndex < 0 ? {} : Object.fromEntries(new URLSearchParams(path.slice(qIndex + 1))),
      headers: signed,
    } as unknown as HttpRequest;
    const scope = `${scopeDate}/${region}/${service}/aws4_request`;
    const keyId = `${accessKeyId}/${scopeDate}/${region}/${service}`;
    const key =
      this.keys.get(keyId) ?? (await this.deriveKey(keyId, entry.cred, scopeDate!, region!, service!));
    const expected = entry.signer.expectedSignature(
      request,
      this.nameSet(signedHeaderList!, names),
      payloadHash,
      amzDate,
      scope,
      key,
    );
    const a = Buffer.from(expected, 'utf8');
    const b = Buffer.from(signature!, 'utf8');
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new ApiError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
        { status: 403 },
      );
    }
    return { accountId: entry.cred.accountId, region: region!, accessKeyId: accessKeyId! };
  }

  private readonly nameSets = new Map<string, ReadonlySet<string>>();
  private nameSet(list: string, names: string[]): ReadonlySet<string> {
    let set = this.nameSets.get(list);
    if (!set) {
      set = new Set(names);
      if (this.nameSets.size >= MAX_KEYS) this.nameSets.clear();
      this.nameSets.set(list, set);
    }
    return set;
  }

  /** Derives (with @smithy) and caches a signing key; called once per key, date, region and service. */
  private async deriveKey(
    id: string,
    cred: EmulatorCredential,
    shortDate: string,
    region: string,
    service: string,
  ): Promise<Uint8Array> {
    const key = await getSigningKey(sha256Ctor, cred, shortDate, region, service);
    if (this.keys.size >= MAX_KEYS) this.keys.clear();
    this.keys.set(id, key);
    return key;
  }
}
