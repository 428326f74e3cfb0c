/**
 * Certificate facts from a PEM certificate, parsed with node:crypto X509Certificate. We keep facts
 * only (never the PEM itself) so records and events never carry a full certificate.
 */
import { X509Certificate, createHash } from 'node:crypto';
import type { CertificateFacts } from '../records';

/** Parses a PEM certificate; returns undefined when it does not parse (the record says so by omission). */
export function certificateFacts(pem: string | undefined): CertificateFacts | undefined {
  if (!pem) return undefined;
  try {
    const cert = new X509Certificate(pem);
    return {
      subject: cert.subject,
      issuer: cert.issuer,
      notBefore: new Date(cert.validFrom).toISOString(),
      notAfter: new Date(cert.validTo).toISOString(),
      md5: colonHex(createHash('md5').update(cert.raw).digest('hex')),
      sha256: cert.fingerprint256,
      serialNumber: cert.serialNumber,
    };
  } catch {
    return undefined;
  }
}

/** `a1b2…` → `a1:b2:…` (lower case, as CloudHSM prints CertificateFingerprint). */
function colonHex(hex: string): string {
  return (hex.match(/.{2}/g) ?? []).join(':').toLowerCase();
}

/**
 * Milliseconds of an API timestamp: ISO 8601, or epoch seconds as a numeric string (the form the
 * CloudHSM Classic API uses for e.g. SubscriptionEndDate). NaN when neither.
 */
export function parseInstant(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value.trim())) {
    const n = Number(value);
    return n > 1e11 ? n : n * 1000; // milliseconds already when implausibly large for seconds
  }
  return Date.parse(value);
}

/** Whole days from `now` until the instant (negative once passed). */
export function daysUntil(instant: string, now: Date): number {
  return Math.floor((parseInstant(instant) - now.getTime()) / 86_400_000);
}
