/**
 * Makes a new RSA key pair and a self-signed certificate with @peculiar/x509 for a Luna client.
 * RSA 2048 keeps the PEM inside the API's 600–2400 character window (an EC P-256 one is shorter
 * than 600). The private key is returned to the caller for storage, never logged.
 */
import './reflect-metadata-shim';
import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

type X509Module = typeof X509;
let loaded: Promise<X509Module> | undefined;

/** Loads @peculiar/x509 after the shim: a static import could be linked before the shim runs. */
function x509Module(): Promise<X509Module> {
  loaded ??= import('@peculiar/x509').then((m) => {
    m.cryptoProvider.set(webcrypto as unknown as Parameters<X509Module['cryptoProvider']['set']>[0]);
    return m;
  });
  return loaded;
}

/** A generated certificate and its private key (PKCS#8 PEM). */
export interface GeneratedCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** Options for a generated certificate. */
export interface GenerateCertificateOptions {
  readonly commonName: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

/** Generates a key pair and a self-signed certificate. */
export async function generateSelfSignedCertificate(
  opts: GenerateCertificateOptions,
): Promise<GeneratedCertificate> {
  const x509 = await x509Module();
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: `CN=${opts.commonName.replace(/[,+="\\<>;]/g, '_')}`,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certificatePem: cert.toString('pem'),
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}
