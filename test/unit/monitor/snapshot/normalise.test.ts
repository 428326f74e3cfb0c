import { certificateFacts } from '../../../../src/monitor/snapshot/certificate-facts';
import {
  normaliseHapg,
  normaliseHsm,
  normaliseLunaClient,
  partitionSerialOf,
} from '../../../../src/monitor/snapshot/normalise';
import { hapgMembers, partitionIndex } from '../../../../src/monitor/snapshot/relations';
import { contentHash } from '../../../../src/monitor/snapshot/canonical-hash';
import { makeCertificate } from '../../../../src/emulator/certificates';

const HSM = 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0000aaaa';

describe('normalise', () => {
  it('sorts lists and derives partition serials so key and list order do not change the hash', () => {
    const a = normaliseHsm(
      HSM,
      { Status: 'RUNNING', Partitions: [`${HSM}/partition-222222`, `${HSM}/partition-111111`] },
      {},
    );
    const b = normaliseHsm(
      HSM,
      { Partitions: [`${HSM}/partition-111111`, `${HSM}/partition-222222`], Status: 'RUNNING' },
      {},
    );
    expect(a.PartitionSerials).toEqual(['111111', '222222']);
    expect(contentHash(a)).toBe(contentHash(b));
    expect(partitionSerialOf(`${HSM}/partition-123456`)).toBe('123456');
  });

  it('drops the SSH public key', () => {
    const record = normaliseHsm(HSM, { Status: 'RUNNING', SshPublicKey: 'ssh-rsa AAAA' }, {});
    expect(JSON.stringify(record)).not.toContain('ssh-rsa');
  });

  it('derives HAPG members from the HSMs partitions', () => {
    const hsm = normaliseHsm(HSM, { Status: 'RUNNING', Partitions: [`${HSM}/partition-111111`] }, {});
    const hapg = normaliseHapg('arn:hapg', { State: 'READY', PartitionSerialList: ['999999', '111111'] }, {});
    expect(hapgMembers(hapg, partitionIndex([hsm]))).toEqual({
      memberHsms: [HSM],
      unknownSerials: ['999999'],
    });
  });
});

describe('certificateFacts', () => {
  it('parses not-after, subject and both fingerprints, and keeps no PEM', async () => {
    const pem = await makeCertificate({
      commonName: 'app-1',
      serialNumber: '0a1b',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
    });
    const facts = certificateFacts(pem)!;
    expect(facts.notAfter).toBe('2027-01-01T00:00:00.000Z');
    expect(facts.subject).toBe('CN=app-1');
    expect(facts.md5).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(facts.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const record = normaliseLunaClient(
      'arn:client',
      { Certificate: pem, CertificateFingerprint: facts.md5 },
      {},
    );
    expect(JSON.stringify(record)).not.toContain('BEGIN CERTIFICATE');
  });

  it('returns undefined for garbage', () => {
    expect(certificateFacts('not a cert')).toBeUndefined();
  });
});
