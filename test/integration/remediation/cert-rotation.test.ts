import { X509Certificate } from 'node:crypto';
import { generateSelfSignedCertificate } from '../../../src/adapters/certificates/generate-certificate';
import { md5Fingerprint } from '../../../src/monitor/remediation/certificate-checks';
import type { LunaClientRecord } from '../../../src/monitor/records';
import {
  approvePlan,
  handleRemediationEvent,
  rotateExpiringCertificates,
} from '../../../src/usecases/remediation';
import { TARGET, envelopeOf, eventsOf, useWorlds, type World } from './harness';

// One dynalite per file; each test's world is schema-checked and closed after it.
const worlds = useWorlds();
let w: World;

async function fleet(clientCertValidDays = 365) {
  w = await worlds.open();
  const seeded = await w.emu.admin.seed({
    hsms: 3,
    hapgs: 2,
    clients: 2,
    membersPerHapg: 2,
    clientCertValidDays,
  });
  const events = await w.poll();
  const clientArn = seeded.clientArns[0] as string;
  const record = (await w.resourceStore.currentRecords(TARGET)).find(
    (r): r is LunaClientRecord => r.resourceType === 'luna-client' && r.ClientArn === clientArn,
  ) as LunaClientRecord;
  const label = record.Label ?? clientArn.slice(clientArn.lastIndexOf(':') + 1);
  const seq = (await w.log()).at(-1)?.seq ?? 0;
  return { seeded, events, clientArn, label, record, seq };
}

function rotateRequest(clientArn: string) {
  return {
    version: '0' as const,
    id: `manual-${clientArn.slice(-8)}`,
    'detail-type': 'Rotate Client Certificate',
    source: 'hsmwatch',
    account: TARGET.accountId,
    time: new Date().toISOString(),
    region: TARGET.region,
    resources: [clientArn],
    detail: { clientArn, accountId: TARGET.accountId, region: TARGET.region, requestedBy: 'alice' },
  };
}

async function newCertificate(days = 365, offsetDays = 0): Promise<string> {
  const now = w.clock.now().getTime() + offsetDays * 86_400_000;
  return (
    await generateSelfSignedCertificate({
      commonName: 'app-host',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + days * 86_400_000),
    })
  ).certificatePem;
}

const fingerprintChanges = (log: { arn: string; field: string; to: unknown }[], arn: string) =>
  log.filter((c) => c.arn === arn && c.field === 'CertificateFingerprint');

describe('Luna client certificate rotation (emulator + dynalite)', () => {
  it('rotates from the Secrets Manager source: ModifyLunaClient, fingerprint verified, bundle stored, Rotated emitted', async () => {
    const { clientArn, label, record, seq, seeded } = await fleet();
    const pem = await newCertificate();
    await w.secrets.put(`hsmwatch/clients/${label}`, pem);
    const expected = md5Fingerprint(new X509Certificate(pem));

    const out = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), rotateRequest(clientArn));
    expect(out.outcome).toBe('succeeded');
    expect(fingerprintChanges(await w.log(seq), clientArn)).toEqual([
      expect.objectContaining({ from: record.CertificateFingerprint, to: expected }),
    ]);
    expect(w.mutatingCalls()).toEqual(['ModifyLunaClient']);
    expect(w.calls).toEqual(expect.arrayContaining(['DescribeLunaClient', 'GetConfig']));

    const bundle = JSON.parse((await w.secrets.get(`hsmwatch/config/${label}`)) as string);
    expect(bundle).toMatchObject({
      clientArn,
      certificateFingerprint: expected,
      clientVersion: '5.3',
      hapgArns: [...seeded.hapgArns].sort(),
    });
    expect(typeof bundle.configFile).toBe('string');

    const rotated = eventsOf(w.published, 'Luna Client Certificate Rotated');
    expect(rotated).toEqual([
      expect.objectContaining({
        clientArn,
        previousFingerprint: record.CertificateFingerprint,
        newFingerprint: expected,
        source: 'secretsManager',
        bundleLocation: `memory:hsmwatch/config/${label}`,
      }),
    ]);
    const trail = await w.store.auditTrail(clientArn);
    expect(trail.filter((a) => a.outcome === 'succeeded').map((a) => a.action)).toEqual([
      'ModifyLunaClient',
      'DescribeLunaClient',
      'GetConfig',
      'StoreConfigBundle',
      'Execute',
    ]);
    expect(JSON.stringify([w.published, trail])).not.toContain('BEGIN CERTIFICATE');
  });

  it("rotates with a generated certificate on the poller's Expiring event, storing the private key and never emitting it", async () => {
    const { clientArn, label, events, seq } = await fleet(10);
    const expiring = events.find(
      (e) =>
        e.detailType === 'Luna Client Certificate Expiring' &&
        (e.detail as { resourceArn: string }).resourceArn === clientArn,
    );
    expect(expiring).toBeDefined();
    const out = await handleRemediationEvent(
      w.deps({ REMEDIATION_MODE: 'auto', REMEDIATION_CERT_SOURCE: 'generate' }),
      envelopeOf(expiring!),
    );
    expect(out.outcome).toBe('succeeded');

    const key = await w.secrets.get(`hsmwatch/clients/${label}/private-key`);
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const described = await w.client.describeLunaClient({ ClientArn: clientArn });
    const installed = new X509Certificate(described.Certificate as string);
    expect(described.CertificateFingerprint).toBe(md5Fingerprint(installed));
    expect(installed.checkPrivateKey((await import('node:crypto')).createPrivateKey(key as string))).toBe(
      true,
    );
    expect(fingerprintChanges(await w.log(seq), clientArn)).toHaveLength(1);
    expect(await w.secrets.get(`hsmwatch/config/${label}`)).toContain(
      described.CertificateFingerprint as string,
    );
    expect(eventsOf(w.published, 'Luna Client Certificate Rotated')).toMatchObject([
      { source: 'generate', newFingerprint: described.CertificateFingerprint },
    ]);
    const everything = JSON.stringify([
      w.published,
      await w.store.auditTrail(clientArn),
      await w.store.listPlans(),
    ]);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain('BEGIN CERTIFICATE');
  });

  it.each([
    ['an expired certificate', async () => newCertificate(30, -400), 'certificate-not-expired'],
    ['a certificate that is not PEM', async () => 'MII' + 'A'.repeat(900), 'certificate-parses'],
    [
      'a too-short certificate',
      async () => '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      'certificate-length',
    ],
  ])('refuses %s with a clear reason and makes no call', async (_name, make, check) => {
    const { clientArn, label, seq } = await fleet();
    await w.secrets.put(`hsmwatch/clients/${label}`, await make());
    const out = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), rotateRequest(clientArn));
    expect(out).toMatchObject({ outcome: 'skipped', reason: 'bad-certificate' });
    expect(out.plan?.preChecks.find((c) => c.name === check)).toMatchObject({ passed: false });
    expect(w.mutatingCalls()).toEqual([]);
    expect(fingerprintChanges(await w.log(seq), clientArn)).toEqual([]);
    expect(eventsOf(w.published, 'Remediation Skipped')).toMatchObject([{ reason: 'bad-certificate' }]);
  });

  it('refuses the certificate the client already has, and a missing secret, naming the cause', async () => {
    const { clientArn, label } = await fleet();
    const current = (await w.client.describeLunaClient({ ClientArn: clientArn })).Certificate as string;
    await w.secrets.put(`hsmwatch/clients/${label}`, current);
    const same = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), rotateRequest(clientArn));
    expect(same.plan?.preChecks.find((c) => c.name === 'certificate-not-current')).toMatchObject({
      passed: false,
    });

    const otherArn = (await w.resourceStore.currentRecords(TARGET)).find(
      (r) => r.resourceType === 'luna-client' && r.ClientArn !== clientArn,
    );
    const missing = await handleRemediationEvent(
      w.deps({ REMEDIATION_MODE: 'auto' }),
      rotateRequest((otherArn as LunaClientRecord).ClientArn),
    );
    expect(missing.plan?.preChecks.find((c) => c.name === 'certificate-obtained')?.detail).toMatch(
      /^secret hsmwatch\/clients\/.+ not found/,
    );
    expect(w.mutatingCalls()).toEqual([]);
  });

  it('resumes at the failed step: a GetConfig failure does not send the certificate again', async () => {
    const { clientArn, label, seq } = await fleet();
    await w.secrets.put(`hsmwatch/clients/${label}`, await newCertificate());
    await w.emu.admin.setFaults({
      errors: [{ action: 'GetConfig', errorType: 'CloudHsmServiceException', status: 400, count: 1 }],
    });
    const out = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), rotateRequest(clientArn));
    expect(out.outcome).toBe('succeeded');
    expect(w.calls.filter((c) => c === 'ModifyLunaClient')).toHaveLength(1);
    expect(w.calls.filter((c) => c === 'GetConfig')).toHaveLength(2);
    expect(fingerprintChanges(await w.log(seq), clientArn)).toHaveLength(1);
    const trail = await w.store.auditTrail(clientArn);
    expect(trail.find((a) => a.action === 'GetConfig' && a.outcome === 'failed')).toMatchObject({
      attempt: 1,
    });
    expect(trail.find((a) => a.action === 'StoreConfigBundle' && a.outcome === 'succeeded')).toMatchObject({
      attempt: 2,
    });
  });

  it('waits for approval in approve mode, then rotates', async () => {
    const { clientArn, label, seq } = await fleet();
    await w.secrets.put(`hsmwatch/clients/${label}`, await newCertificate());
    const deps = w.deps({ REMEDIATION_MODE: 'approve' });
    const out = await handleRemediationEvent(deps, rotateRequest(clientArn));
    expect(out.outcome).toBe('awaiting-approval');
    expect(w.mutatingCalls()).toEqual([]);
    expect((await approvePlan(deps, out.planId as string, 'alice')).outcome).toBe('succeeded');
    expect(fingerprintChanges(await w.log(seq), clientArn)).toHaveLength(1);
  });

  it('the daily scan rotates certificates inside the window once per day', async () => {
    const { seq, seeded } = await fleet(7);
    const deps = w.deps({ REMEDIATION_MODE: 'auto', REMEDIATION_CERT_SOURCE: 'generate' });
    const first = await rotateExpiringCertificates(deps, [TARGET]);
    expect(first.map((o) => o.outcome)).toEqual(['succeeded', 'succeeded']);
    const again = await rotateExpiringCertificates(deps, [TARGET]);
    expect(again.map((o) => o.outcome)).toEqual(['duplicate', 'duplicate']);
    const log = await w.log(seq);
    for (const arn of seeded.clientArns) expect(fingerprintChanges(log, arn)).toHaveLength(1);
  });
});
