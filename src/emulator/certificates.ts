import { createHash, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { invalidRequest } from './errors';

// A small DER writer: enough X.509 to make real, parseable self-signed certificates synchronously
// (the certificate library on hand needs a Reflect polyfill, and seeding wants speed).
function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const SHA256_RSA = seq(Buffer.from('06092a864886f70d01010b', 'hex'), Buffer.from('0500', 'hex'));
const CN_OID = Buffer.from('0603550403', 'hex');

function integer(hex: string): Buffer {
  let b = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  if (b.length === 0) b = Buffer.from([0]);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const y = d.getUTCFullYear();
  return y >= 1950 && y < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}
const name = (cn: string) => seq(tlv(0x31, seq(CN_OID, tlv(0x0c, Buffer.from(cn, 'utf8')))));

let keyPair: { publicKey: KeyObject; privateKey: KeyObject } | undefined;
/** One RSA key pair per process: certificates differ by subject, serial and validity, which is all the API sees. */
function keys(): { publicKey: KeyObject; privateKey: KeyObject } {
  keyPair ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keyPair;
}

/** Options of a generated certificate. */
export interface CertificateSpec {
  commonName: string;
  /** Hex serial number. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

/** A real self-signed X.509 certificate in PEM form (RSA 2048, about 1,100 characters: inside the model's 600..2400). */
export function makeCertificate(spec: CertificateSpec): string {
  const { publicKey, privateKey } = keys();
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const tbs = seq(
    Buffer.from('a003020102', 'hex'),
    integer(spec.serialNumber),
    SHA256_RSA,
    name(spec.commonName),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name(spec.commonName),
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

const PEM_RE = /^\s*-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----\s*$/;
const BARE_RE = /^[A-Za-z0-9+/=\s]+$/;

/** DER bytes of a PEM or bare base64 X.509 certificate; InvalidRequestException naming `member` otherwise. */
export function certificateDer(text: string, member = 'Certificate'): Buffer {
  const m = PEM_RE.exec(text);
  const b64 = m ? m[1]! : BARE_RE.test(text) ? text : undefined;
  if (b64 === undefined)
    throw invalidRequest(`${member} must be a base64 X.509 certificate (PEM or bare base64)`);
  const der = Buffer.from(b64.replace(/\s+/g, ''), 'base64');
  try {
    new X509Certificate(der);
  } catch {
    throw invalidRequest(`${member} is not a parseable X.509 certificate`);
  }
  return der;
}

/** MD5 of the DER bytes as 16 colon-separated lowercase hex bytes. */
export function md5Fingerprint(der: Buffer): string {
  return createHash('md5').update(der).digest('hex').match(/../g)!.join(':');
}
