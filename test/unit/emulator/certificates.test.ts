import { createHash, X509Certificate } from 'node:crypto';
import { certificateDer, makeCertificate, md5Fingerprint } from '../../../src/emulator/certificates';
import { validateShape } from '../../../src/cloudhsm/model';

describe('certificates', () => {
  const pem = makeCertificate({
    commonName: 'unit',
    serialNumber: '8f01',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2060-01-01T00:00:00Z'),
  });

  describe('makeCertificate', () => {
    it('makes a parseable X.509 certificate with the requested subject and validity, valid as a model Certificate', () => {
      const x = new X509Certificate(pem);
      expect(x.subject).toBe('CN=unit');
      expect(new Date(x.validFrom).toISOString()).toBe('2026-01-01T00:00:00.000Z');
      expect(new Date(x.validTo).toISOString()).toBe('2060-01-01T00:00:00.000Z');
      expect(x.verify(x.publicKey)).toBe(true);
      expect(validateShape('Certificate', pem)).toEqual([]);
    });
  });

  describe('certificateDer and md5Fingerprint', () => {
    it('reads PEM and bare base64 alike and fingerprints the DER bytes with MD5', () => {
      const bare = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
      expect(certificateDer(bare)).toEqual(certificateDer(pem));
      const fp = md5Fingerprint(certificateDer(pem));
      expect(fp).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
      expect(fp.replace(/:/g, '')).toBe(
        createHash('md5')
          .update(Buffer.from(new X509Certificate(pem).raw))
          .digest('hex'),
      );
    });

    it('refuses text that is not a certificate, naming the member', () => {
      expect(() => certificateDer('hello world!')).toThrow(/Certificate/);
      expect(() => certificateDer('QUJD')).toThrow(/X\.509/);
    });
  });
});
