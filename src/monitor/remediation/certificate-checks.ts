/**
 * Checks on a candidate Luna client certificate before ModifyLunaClient: it parses, is valid now,
 * is 600 to 2400 characters (the model's limit) and is not the certificate the client already has.
 * Reports fingerprints only: never the certificate itself.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { validateInput } from '../../cloudhsm/model';
import type { CertificateFacts } from '../records';
import type { PreCheck } from './types';

/** MD5 fingerprint as CloudHSM reports it: colon-separated lower-case hex. */
export function md5Fingerprint(cert: X509Certificate): string {
  // node:crypto exposes sha1/sha256/sha512 fingerprints only; MD5 is over the DER bytes.
  return colonHex(digestMd5(cert.raw));
}

function digestMd5(der: Buffer): string {
  return createHash('md5').update(der).digest('hex');
}
function colonHex(hex: string): string {
  return (hex.match(/../g) ?? []).join(':').toLowerCase();
}

/** Facts of a parsed certificate (same fields as the poller's records). */
export function certificateFacts(cert: X509Certificate): CertificateFacts {
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    md5: md5Fingerprint(cert),
    sha256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
  };
}

/** Result of checking a candidate certificate. */
export interface CertificateCheckResult {
  readonly ok: boolean;
  readonly checks: readonly PreCheck[];
  readonly facts?: CertificateFacts;
}

/** Runs every certificate check; all must pass. `currentFingerprint` is the client's MD5 one. */
export function checkCandidateCertificate(
  pem: string,
  now: string,
  currentFingerprint: string | undefined,
): CertificateCheckResult {
  const checks: PreCheck[] = [];
  let facts: CertificateFacts | undefined;
  try {
    facts = certificateFacts(new X509Certificate(pem));
    checks.push({
      name: 'certificate-parses',
      passed: true,
      detail: `subject ${facts.subject.replace(/\n/g, ', ')}`,
    });
  } catch (err) {
    checks.push({
      name: 'certificate-parses',
      passed: false,
      detail: `not a parsable X.509 PEM certificate (${(err as Error).name})`,
    });
  }
  const length = pem.length;
  checks.push({
    name: 'certificate-length',
    passed: length >= 600 && length <= 2400,
    detail: `${length} characters; must be 600 to 2400`,
  });
  const violations = validateInput('ModifyLunaClient', {
    ClientArn: 'arn:aws:cloudhsm:us-east-1:000000000000:client-00000000',
    Certificate: pem,
  }).filter((v) => v.constraint === 'pattern');
  checks.push({
    name: 'certificate-charset',
    passed: violations.length === 0,
    detail: violations.length === 0 ? 'characters allowed by the API' : 'contains characters the API refuses',
  });
  if (facts) {
    const t = Date.parse(now);
    const valid = Date.parse(facts.notBefore) <= t && t < Date.parse(facts.notAfter);
    checks.push({
      name: 'certificate-not-expired',
      passed: valid,
      detail: valid
        ? `valid until ${facts.notAfter}`
        : `not valid at ${now} (valid ${facts.notBefore} to ${facts.notAfter})`,
    });
    const same = currentFingerprint !== undefined && currentFingerprint.toLowerCase() === facts.md5;
    checks.push({
      name: 'certificate-not-current',
      passed: !same,
      detail: same
        ? `fingerprint ${facts.md5} is the client's current certificate`
        : `new fingerprint ${facts.md5}`,
    });
  }
  return { ok: checks.every((c) => c.passed), checks, ...(facts ? { facts } : {}) };
}
