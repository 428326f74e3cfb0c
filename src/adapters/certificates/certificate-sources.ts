/**
 * Certificate sources:
 * - `secretsManager`: the client host puts its new PEM certificate in `hsmwatch/clients/<label>`
 *   (the value is the PEM, or JSON with a `certificate` member);
 * - `generate`: a new RSA key pair and self-signed certificate; the private key goes to
 *   `hsmwatch/clients/<label>/private-key` when the plan's StorePrivateKey step runs, never earlier.
 */
import {
  CertificateSourceError,
  type CertificateSource,
  type ObtainedCertificate,
} from '../../usecases/remediation';
import { generateSelfSignedCertificate } from './generate-certificate';
import type { SecretStore } from './secrets';

/** Secret name of a client's new certificate. */
export const clientCertificateSecret = (label: string) => `hsmwatch/clients/${label}`;
/** Secret name of a generated private key. */
export const clientKeySecret = (label: string) => `hsmwatch/clients/${label}/private-key`;

/** Reads the certificate the client host left in a secret. */
export class SecretCertificateSource implements CertificateSource {
  readonly kind = 'secretsManager' as const;
  constructor(private readonly secrets: SecretStore) {}

  async obtain(client: { clientArn: string; label: string }): Promise<ObtainedCertificate> {
    const name = clientCertificateSecret(client.label);
    let value: string | undefined;
    try {
      value = await this.secrets.get(name);
    } catch (err) {
      throw new CertificateSourceError(`reading secret ${name} failed: ${(err as Error).name}`, {
        cause: err,
      });
    }
    if (value === undefined) {
      throw new CertificateSourceError(
        `secret ${name} not found: the client host must put its new PEM certificate there`,
      );
    }
    return { pem: extractPem(value, name), source: 'secretsManager' };
  }
}

function extractPem(value: string, name: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { certificate?: unknown };
      if (typeof parsed.certificate === 'string') return parsed.certificate.trim() + '\n';
    } catch {
      // fall through: report the shape, not the value
    }
    throw new CertificateSourceError(`secret ${name} is JSON without a string "certificate" member`);
  }
  return trimmed + '\n';
}

/** Generates a key pair and certificate; the key is stored only by `commit`. */
export class GeneratedCertificateSource implements CertificateSource {
  readonly kind = 'generate' as const;
  constructor(private readonly opts: { secrets: SecretStore; now: () => Date; validDays: number }) {}

  async obtain(client: { clientArn: string; label: string }): Promise<ObtainedCertificate> {
    const now = this.opts.now();
    // Back-date a minute so hosts with slightly slow clocks accept it at once.
    const generated = await generateSelfSignedCertificate({
      commonName: client.label,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + this.opts.validDays * 86_400_000),
    });
    const keyName = clientKeySecret(client.label);
    return {
      pem: generated.certificatePem,
      source: 'generate',
      keyRef: this.opts.secrets.locationOf(keyName),
      commit: () =>
        this.opts.secrets.put(
          keyName,
          generated.privateKeyPem,
          `hsmwatch: private key of Luna client ${client.label}`,
        ),
    };
  }
}
