import { generateSelfSignedCertificate } from '../../../../src/adapters/certificates/generate-certificate';
import {
  planCertRotation,
  type CertRotationInput,
} from '../../../../src/monitor/remediation/cert-rotation-plan';
import {
  checkCandidateCertificate,
  md5Fingerprint,
} from '../../../../src/monitor/remediation/certificate-checks';
import { X509Certificate } from 'node:crypto';
import { ACCOUNT, CLIENT_ARN, HAPG_ARN, NOW, REGION, client, hapg, policy } from './fixtures';

let fresh: string;
let expired: string;

beforeAll(async () => {
  fresh = (
    await generateSelfSignedCertificate({
      commonName: 'app-host-1',
      notBefore: new Date('2026-05-01'),
      notAfter: new Date('2027-05-01'),
    })
  ).certificatePem;
  expired = (
    await generateSelfSignedCertificate({
      commonName: 'app-host-1',
      notBefore: new Date('2025-01-01'),
      notAfter: new Date('2026-01-01'),
    })
  ).certificatePem;
});

function input(over: Partial<CertRotationInput> = {}): CertRotationInput {
  return {
    trigger: { eventId: 'evt-c', detailType: 'Luna Client Certificate Expiring', daysToExpiry: 7 },
    clientArn: CLIENT_ARN,
    accountId: ACCOUNT,
    region: REGION,
    records: [client(), hapg({ State: 'READY' })],
    candidate: { pem: fresh, source: 'secretsManager' },
    bundleLocation: 'secretsmanager:hsmwatch/config/app-host-1',
    policy: policy({ mode: 'auto' }),
    actionsThisRun: 0,
    enabled: true,
    now: NOW,
    ...over,
  };
}

describe('planCertRotation', () => {
  it('plans ModifyLunaClient, fingerprint verification, GetConfig and the bundle, in that order', () => {
    const plan = planCertRotation(input());
    expect(plan.verdict).toBe('execute');
    expect(plan.steps.map((s) => s.action)).toEqual([
      'ModifyLunaClient',
      'DescribeLunaClient',
      'GetConfig',
      'StoreConfigBundle',
    ]);
    const md5 = md5Fingerprint(new X509Certificate(fresh));
    expect(plan.steps[1]?.input).toEqual({ ClientArn: CLIENT_ARN, expectFingerprint: md5 });
    expect(plan.steps[2]?.input).toEqual({
      ClientArn: CLIENT_ARN,
      ClientVersion: '5.3',
      HapgList: [HAPG_ARN],
    });
  });

  it('never puts the certificate into the plan', () => {
    const json = JSON.stringify(planCertRotation(input()));
    expect(json).not.toContain('BEGIN CERTIFICATE');
    expect(json).not.toContain(fresh.split('\n')[1] as string);
  });

  it('stores the generated key first when the source is generate', () => {
    const plan = planCertRotation(
      input({
        candidate: { pem: fresh, source: 'generate', keyRef: 'hsmwatch/clients/app-host-1/private-key' },
      }),
    );
    expect(plan.steps[0]).toMatchObject({ action: 'StorePrivateKey', mutating: true });
  });

  it.each([
    ['an expired certificate', () => expired, 'certificate-not-expired'],
    ['garbage', () => 'x'.repeat(700), 'certificate-parses'],
    ['a too-short text', () => 'short', 'certificate-length'],
    ['a too-long text', () => fresh + '\n'.repeat(1500), 'certificate-length'],
  ])('refuses %s with a reason naming the failed check', (_label, pem, check) => {
    const plan = planCertRotation(input({ candidate: { pem: pem(), source: 'secretsManager' } }));
    expect(plan.verdict).toBe('skip');
    expect(plan.reasons).toContain('bad-certificate');
    expect(plan.preChecks.find((c) => c.name === check)?.passed).toBe(false);
  });

  it('refuses the certificate the client already has', () => {
    const md5 = md5Fingerprint(new X509Certificate(fresh));
    const plan = planCertRotation(
      input({ records: [client({ CertificateFingerprint: md5.toUpperCase() }), hapg({ State: 'READY' })] }),
    );
    expect(plan.reasons).toEqual(['bad-certificate']);
    expect(plan.preChecks.find((c) => c.name === 'certificate-not-current')?.passed).toBe(false);
  });

  it('refuses when no certificate could be obtained, with the source error', () => {
    const plan = planCertRotation(
      input({
        candidate: { error: 'secret hsmwatch/clients/app-host-1 not found', source: 'secretsManager' },
      }),
    );
    expect(plan.reasons).toEqual(['bad-certificate']);
    expect(plan.preChecks.find((c) => c.name === 'certificate-obtained')?.detail).toContain('not found');
  });

  it('waits until the rotation window unless an operator asked', () => {
    expect(
      planCertRotation(input({ trigger: { eventId: 'e', detailType: 'x', daysToExpiry: 20 } })).reasons,
    ).toEqual(['outside-rotation-window']);
    expect(
      planCertRotation(
        input({ trigger: { eventId: 'e', detailType: 'Rotate Client Certificate', requestedBy: 'ops' } }),
      ).verdict,
    ).toBe('execute');
  });

  it('takes the HAPGs from the client tag, then config, then every READY HAPG', () => {
    const other = 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-00000002';
    const tagged = planCertRotation(
      input({ records: [client({ Tags: { 'hsmwatch:hapgs': other } }), hapg({ State: 'READY' })] }),
    );
    expect(tagged.facts['hapgArns']).toEqual([other]);
    const configured = planCertRotation(
      input({ policy: policy({ mode: 'auto', clientHapgs: { [CLIENT_ARN]: [other] } }) }),
    );
    expect(configured.facts['hapgSource']).toBe('config clientHapgs');
    const labels = planCertRotation(
      input({ records: [client({ Tags: { 'hsmwatch:hapgs': 'payments' } }), hapg({ State: 'READY' })] }),
    );
    expect(labels.reasons).toEqual(['no-hapgs']);
    expect(labels.preChecks.find((c) => c.name === 'hapgs-resolved')?.detail).toContain('not HAPG ARNs');
    const none = planCertRotation(input({ records: [client(), hapg({ State: 'DEGRADED' })] }));
    expect(none.reasons).toEqual(['no-hapgs']);
  });

  it('follows the mode and the guardrails', () => {
    expect(planCertRotation(input({ policy: policy() })).verdict).toBe('dry-run');
    expect(planCertRotation(input({ policy: policy({ mode: 'approve' }) })).verdict).toBe('await-approval');
    expect(planCertRotation(input({ enabled: false })).reasons).toEqual(['disabled']);
    expect(planCertRotation(input({ blocked: { reason: 'x' } })).reasons).toEqual(['blocked']);
    expect(planCertRotation(input({ records: [] })).reasons).toEqual(['resource-missing']);
  });
});

describe('checkCandidateCertificate', () => {
  it('reports the MD5 fingerprint as lower-case colon hex', () => {
    const result = checkCandidateCertificate(fresh, NOW, undefined);
    expect(result.ok).toBe(true);
    expect(result.facts?.md5).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });

  it('refuses characters the API does not accept', () => {
    const result = checkCandidateCertificate(fresh.replace('-----END', '#----END'), NOW, undefined);
    expect(result.checks.find((c) => c.name === 'certificate-charset')?.passed).toBe(false);
  });
});
