/** SigV4 signing of awsJson1.1 requests with @smithy/signature-v4, service `cloudhsm`. */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { SERVICE } from '../model';
import type { AwsCredentialIdentityProvider } from './credentials';

/** Builds and signs the wire headers of one request. */
export class RequestSigner {
  private readonly signer: SignatureV4;

  constructor(region: string, credentials: AwsCredentialIdentityProvider) {
    this.signer = new SignatureV4({
      service: SERVICE.signingName,
      region,
      credentials,
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: true,
      applyChecksum: true,
    });
  }

  /**
   * Returns the headers to send for `operation` with `body`, signed at `signingDate`. The JS SDK
   * signs every header it sends (content-length, x-amz-content-sha256 …); we do the same, except
   * user-agent, which SigV4 never signs.
   */
  async sign(url: URL, operation: string, body: string, signingDate: Date): Promise<Record<string, string>> {
    const request = new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname || '/',
      headers: {
        host: url.host,
        'content-type': SERVICE.contentType,
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-target': `${SERVICE.targetPrefix}.${operation}`,
      },
      body,
    });
    const signed = await this.signer.sign(request, { signingDate });
    return { ...(signed.headers as Record<string, string>) };
  }
}
