import { signedCall, startTestEmulator, type TestEmulator } from '../../support/emulator';

const HSM_INPUT = {
  SubnetId: 'subnet-0a0b0c01',
  SshKey: 'ssh-rsa AAAA test',
  IamRoleArn: 'arn:aws:iam::123456789012:role/R',
  SubscriptionType: 'PRODUCTION',
};

describe('emulator lifecycle (simulated clock)', () => {
  let emu: TestEmulator;
  const call = async (action: string, input: object) => {
    const res = await signedCall(emu.url, action, input);
    if (res.status !== 200) throw new Error(`${action}: ${res.text}`);
    return res.json as Record<string, unknown> & { Status?: string; State?: string };
  };
  const hsm = (HsmArn: string) => call('DescribeHsm', { HsmArn });
  const hapg = (HapgArn: string) => call('DescribeHapg', { HapgArn });
  const serialOf = async (HsmArn: string) =>
    String(((await hsm(HsmArn)).Partitions as string[])[0]).split('partition-')[1]!;

  beforeAll(async () => {
    emu = await startTestEmulator({
      provisioningDelaySeconds: 10,
      updateDelaySeconds: 5,
      terminationDelaySeconds: 5,
      terminatedRetentionSeconds: 30,
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.admin.reset());

  describe('HSM', () => {
    it('goes PENDING → RUNNING when the provisioning delay has passed, not before', async () => {
      const { HsmArn } = await call('CreateHsm', HSM_INPUT);
      expect((await hsm(String(HsmArn))).Status).toBe('PENDING');
      await emu.admin.advanceClock(9);
      expect((await hsm(String(HsmArn))).Status).toBe('PENDING');
      await emu.admin.advanceClock(1);
      expect((await hsm(String(HsmArn))).Status).toBe('RUNNING');
      const log = (await emu.admin.log()).filter((c) => c.arn === HsmArn && c.field === 'Status');
      expect(log).toEqual([
        expect.objectContaining({ from: 'PENDING', to: 'RUNNING', at: '2026-01-01T00:00:10.000Z' }),
      ]);
    });

    it('goes UPDATING → RUNNING after ModifyHsm, and moves within its AZ', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      const arn = hsmArns[0]!;
      const before = await hsm(arn);
      const sameAz = `${String(before.SubnetId).slice(0, -3)}99${String(before.SubnetId).slice(-1)}`;
      await call('ModifyHsm', { HsmArn: arn, SubnetId: sameAz });
      const during = await hsm(arn);
      expect(during).toMatchObject({
        Status: 'UPDATING',
        SubnetId: sameAz,
        AvailabilityZone: before.AvailabilityZone,
      });
      expect(during.EniIp).not.toBe(before.EniIp);
      await emu.admin.advanceClock(5);
      expect((await hsm(arn)).Status).toBe('RUNNING');
    });

    it('goes TERMINATING → TERMINATED, stays listed for the retention time, then disappears', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      const arn = hsmArns[0]!;
      await call('DeleteHsm', { HsmArn: arn });
      expect((await hsm(arn)).Status).toBe('TERMINATING');
      await emu.admin.advanceClock(5);
      expect((await hsm(arn)).Status).toBe('TERMINATED');
      expect((await call('ListHsms', {})).HsmList).toEqual([arn]);
      await emu.admin.advanceClock(29);
      expect((await call('ListHsms', {})).HsmList).toEqual([arn]);
      await emu.admin.advanceClock(1);
      expect((await call('ListHsms', {})).HsmList).toEqual([]);
      const res = await signedCall(emu.url, 'DescribeHsm', { HsmArn: arn });
      expect(res.json.message).toMatch(/not found/);
      const tail = (await emu.admin.log()).filter((c) => c.arn === arn).map((c) => [c.field, c.to, c.at]);
      expect(tail).toEqual([
        ['exists', true, '2026-01-01T00:00:00.000Z'],
        ['Status', 'TERMINATING', '2026-01-01T00:00:00.000Z'],
        ['Status', 'TERMINATED', '2026-01-01T00:00:05.000Z'],
        ['exists', false, '2026-01-01T00:00:35.000Z'],
      ]);
    });

    it('applies transitions in due order even when the clock jumps past several', async () => {
      const { HsmArn } = await call('CreateHsm', HSM_INPUT);
      await emu.admin.advanceClock(1000);
      expect((await hsm(String(HsmArn))).Status).toBe('RUNNING');
      await call('DeleteHsm', { HsmArn });
      await emu.admin.advanceClock(1000);
      const statuses = (await emu.admin.log()).filter((c) => c.field === 'Status').map((c) => [c.to, c.at]);
      expect(statuses).toEqual([
        ['RUNNING', '2026-01-01T00:00:10.000Z'],
        ['TERMINATING', '2026-01-01T00:16:40.000Z'],
        ['TERMINATED', '2026-01-01T00:16:45.000Z'],
      ]);
    });
  });

  describe('HAPG', () => {
    it('is READY with a HapgSerial when new; ModifyHapg goes UPDATING with pending lists, then READY', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 3, hapgs: 0, clients: 0 });
      const { HapgArn } = await call('CreateHapg', { Label: 'g1' });
      const g = String(HapgArn);
      const fresh = await hapg(g);
      expect(fresh).toMatchObject({ State: 'READY', PartitionSerialList: [] });
      expect(fresh.HapgSerial).toMatch(/^\d+$/);
      const [s0, s1, s2] = await Promise.all(hsmArns.map(serialOf));
      await call('ModifyHapg', { HapgArn: g, PartitionSerialList: [s0, s1] });
      expect(await hapg(g)).toMatchObject({
        State: 'UPDATING',
        HsmsPendingRegistration: [hsmArns[0], hsmArns[1]],
        HsmsPendingDeletion: [],
      });
      await emu.admin.advanceClock(5);
      expect(await hapg(g)).toMatchObject({
        State: 'READY',
        HsmsPendingRegistration: [],
        PartitionSerialList: [s0, s1],
      });

      await emu.admin.advanceClock(60);
      await call('ModifyHapg', { HapgArn: g, PartitionSerialList: [s1, s2] });
      const during = await hapg(g);
      expect(during).toMatchObject({
        State: 'UPDATING',
        HsmsPendingRegistration: [hsmArns[2]],
        HsmsPendingDeletion: [hsmArns[0]],
      });
      expect(Number(during.LastModifiedTimestamp)).toBe(Number(fresh.LastModifiedTimestamp) + 65);
      await emu.admin.advanceClock(5);
      expect(await hapg(g)).toMatchObject({
        State: 'READY',
        HsmsPendingDeletion: [],
        HsmsLastActionFailed: [],
      });
    });

    it('puts a member whose HSM is not RUNNING in HsmsLastActionFailed and goes DEGRADED, then recovers', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      const { HsmArn: pending } = await call('CreateHsm', { ...HSM_INPUT, SubnetId: 'subnet-0a0b0c02' });
      const { HapgArn } = await call('CreateHapg', { Label: 'g2' });
      await call('ModifyHapg', {
        HapgArn,
        PartitionSerialList: [await serialOf(hsmArns[0]!), await serialOf(String(pending))],
      });
      await emu.admin.advanceClock(5);
      const degraded = await hapg(String(HapgArn));
      expect(degraded).toMatchObject({ State: 'DEGRADED', HsmsLastActionFailed: [pending] });
      await emu.admin.advanceClock(5); // the pending HSM reaches RUNNING at t=10
      const healed = await hapg(String(HapgArn));
      expect(healed).toMatchObject({ State: 'READY', HsmsLastActionFailed: [] });
      expect(Number(healed.LastModifiedTimestamp)).toBeGreaterThan(Number(degraded.LastModifiedTimestamp));
    });

    it.each(['DEGRADED', 'SUSPENDED', 'TERMINATED'] as const)(
      'goes DEGRADED when a member HSM turns %s, and READY again when it recovers',
      async (status) => {
        const s = await emu.admin.seed({ hsms: 2, hapgs: 2, clients: 0, membersPerHapg: 2 });
        await emu.admin.advanceClock(1);
        await emu.admin.setHsmStatus(s.hsmArns[0]!, status, 'forced by test');
        for (const g of s.hapgArns)
          expect(await hapg(g)).toMatchObject({ State: 'DEGRADED', HsmsLastActionFailed: [s.hsmArns[0]] });
        expect(await hsm(s.hsmArns[0]!)).toMatchObject({ Status: status, StatusDetails: 'forced by test' });
        await emu.admin.advanceClock(1);
        await emu.admin.setHsmStatus(s.hsmArns[0]!, 'RUNNING');
        for (const g of s.hapgArns) {
          const after = await hapg(g);
          expect(after).toMatchObject({ State: 'READY', HsmsLastActionFailed: [] });
          expect(after.LastModifiedTimestamp).toBe(String(Date.parse('2026-01-01T00:00:02Z') / 1000));
        }
        const states = (await emu.admin.log())
          .filter((c) => c.arn === s.hapgArns[0] && c.field === 'State')
          .map((c) => c.to);
        expect(states).toEqual(['DEGRADED', 'READY']);
      },
    );

    it('stays DEGRADED naming an HSM that was deleted and has gone', async () => {
      const s = await emu.admin.seed({ hsms: 2, hapgs: 1, clients: 0 });
      await call('DeleteHsm', { HsmArn: s.hsmArns[1] });
      expect(await hapg(s.hapgArns[0]!)).toMatchObject({
        State: 'DEGRADED',
        HsmsLastActionFailed: [s.hsmArns[1]],
      });
      await emu.admin.advanceClock(100);
      expect((await call('ListHsms', {})).HsmList).toEqual([s.hsmArns[0]]);
      expect(await hapg(s.hapgArns[0]!)).toMatchObject({
        State: 'DEGRADED',
        HsmsLastActionFailed: [s.hsmArns[1]],
      });
    });
  });

  describe('Luna client', () => {
    it('ModifyLunaClient replaces the certificate, the fingerprint and LastModifiedTimestamp', async () => {
      const s = await emu.admin.seed({ hsms: 0, hapgs: 0, clients: 2 });
      const [a, b] = await Promise.all(
        s.clientArns.map((ClientArn) => call('DescribeLunaClient', { ClientArn })),
      );
      await call('DeleteLunaClient', { ClientArn: s.clientArns[1] });
      await emu.admin.advanceClock(42);
      await call('ModifyLunaClient', { ClientArn: s.clientArns[0], Certificate: b!.Certificate });
      const after = await call('DescribeLunaClient', { ClientArn: s.clientArns[0] });
      expect(after).toMatchObject({
        Certificate: b!.Certificate,
        CertificateFingerprint: b!.CertificateFingerprint,
      });
      expect(Number(after.LastModifiedTimestamp)).toBe(Number(a!.LastModifiedTimestamp) + 42);
      const fields = (await emu.admin.log()).filter((c) => c.arn === s.clientArns[0]).map((c) => c.field);
      expect(fields).toEqual(['exists', 'Certificate', 'CertificateFingerprint', 'LastModifiedTimestamp']);
    });
  });
});

describe('emulator change log', () => {
  it('logs an unset member as null, so every entry has from and to', async () => {
    const emu = await startTestEmulator();
    try {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      await emu.admin.setHsmStatus(hsmArns[0]!, 'DEGRADED', 'fan failure');
      await emu.admin.setHsmStatus(hsmArns[0]!, 'RUNNING');
      const details = (await emu.admin.log()).filter((c) => c.field === 'StatusDetails');
      expect(details.map((c) => [c.from, c.to])).toEqual([
        [null, 'fan failure'],
        ['fan failure', null],
      ]);
      expect((await emu.admin.log()).map((c) => c.seq)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await emu.stop();
    }
  });
});

describe('configured subnets', () => {
  it('places an HSM in the configured AZ, VPC and /24', async () => {
    const emu = await startTestEmulator({
      subnets: [
        {
          subnetId: 'subnet-aaaaaaa0',
          availabilityZone: 'us-east-1c',
          vpcId: 'vpc-12345678',
          cidrPrefix: '172.16.5',
        },
      ],
    });
    try {
      const res = await signedCall(emu.url, 'CreateHsm', { ...HSM_INPUT, SubnetId: 'subnet-aaaaaaa0' });
      const d = await signedCall(emu.url, 'DescribeHsm', { HsmArn: res.json.HsmArn });
      expect(d.json).toMatchObject({
        AvailabilityZone: 'us-east-1c',
        VpcId: 'vpc-12345678',
        EniIp: '172.16.5.10',
      });
    } finally {
      await emu.stop();
    }
  });
});

describe('real clock', () => {
  it('applies a transition that is already due at the next request', async () => {
    const emu = await startTestEmulator({ clock: 'real', provisioningDelaySeconds: 0 });
    try {
      const { HsmArn } = (await signedCall(emu.url, 'CreateHsm', HSM_INPUT)).json;
      expect((await signedCall(emu.url, 'DescribeHsm', { HsmArn })).json.Status).toBe('RUNNING');
      await expect(emu.admin.advanceClock(1)).rejects.toMatchObject({ status: 409 });
    } finally {
      await emu.stop();
    }
  });
});
