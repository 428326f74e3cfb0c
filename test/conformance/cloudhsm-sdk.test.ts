import {
  AddTagsToResourceCommand,
  CloudHSMClient,
  CreateHapgCommand,
  CreateHsmCommand,
  CreateLunaClientCommand,
  DeleteHapgCommand,
  DeleteHsmCommand,
  DeleteLunaClientCommand,
  DescribeHapgCommand,
  DescribeHsmCommand,
  DescribeLunaClientCommand,
  GetConfigCommand,
  InvalidRequestException,
  CloudHsmServiceException,
  CloudHsmInternalException,
  ListAvailableZonesCommand,
  ListHapgsCommand,
  ListHsmsCommand,
  ListLunaClientsCommand,
  ListTagsForResourceCommand,
  ModifyHapgCommand,
  ModifyHsmCommand,
  ModifyLunaClientCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-cloudhsm';
import { DEFAULT_CREDENTIALS, makeCertificate, md5Fingerprint, certificateDer } from '../../src/emulator';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

const cert = (cn: string) =>
  makeCertificate({
    commonName: cn,
    serialNumber: Buffer.from(cn).toString('hex').slice(0, 16),
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
  });

const HSM_INPUT = {
  SubnetId: 'subnet-0a1b2c30',
  SshKey: 'ssh-rsa AAAAB3NzaC1yc2E test@hsmwatch',
  IamRoleArn: 'arn:aws:iam::123456789012:role/CloudHsmRole',
  SubscriptionType: 'PRODUCTION' as const,
};

describe('CloudHSM Classic emulator with @aws-sdk/client-cloudhsm 3.523.0', () => {
  let emu: TestEmulator;
  let client: CloudHSMClient;

  beforeAll(async () => {
    emu = await startTestEmulator({ pageSize: 50 });
    client = new CloudHSMClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: DEFAULT_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await emu.stop();
  });
  beforeEach(() => emu.admin.reset());

  describe('HSMs', () => {
    it('creates, describes (by ARN and serial), lists, modifies and deletes an HSM', async () => {
      const { HsmArn } = await client.send(
        new CreateHsmCommand({ ...HSM_INPUT, EniIp: '10.1.2.3', ClientToken: 'tok1' }),
      );
      expect(HsmArn).toMatch(/^arn:aws:cloudhsm:us-east-1:123456789012:hsm-[0-9a-f]{8}$/);
      const again = await client.send(
        new CreateHsmCommand({ ...HSM_INPUT, EniIp: '10.1.2.3', ClientToken: 'tok1' }),
      );
      expect(again.HsmArn).toBe(HsmArn);

      const d = await client.send(new DescribeHsmCommand({ HsmArn }));
      expect(d).toMatchObject({
        HsmArn,
        Status: 'PENDING',
        EniIp: '10.1.2.3',
        SubnetId: HSM_INPUT.SubnetId,
        SubscriptionType: 'PRODUCTION',
      });
      expect(d.Partitions).toEqual([expect.stringMatching(new RegExp(`^${HsmArn}/partition-\\d{6,12}$`))]);
      for (const k of ['SubscriptionStartDate', 'SshKeyLastUpdated', 'ServerCertLastUpdated'] as const)
        expect(d[k]).toMatch(/^\d+$/);
      for (const k of [
        'EniId',
        'VpcId',
        'AvailabilityZone',
        'SoftwareVersion',
        'VendorName',
        'HsmType',
        'ServerCertUri',
      ] as const) {
        expect(d[k]).toBeTruthy();
      }
      const bySerial = await client.send(new DescribeHsmCommand({ HsmSerialNumber: d.SerialNumber }));
      expect(bySerial.HsmArn).toBe(HsmArn);

      expect((await client.send(new ListHsmsCommand({}))).HsmList).toEqual([HsmArn]);
      await emu.admin.advanceClock(10);
      expect((await client.send(new DescribeHsmCommand({ HsmArn }))).Status).toBe('RUNNING');

      const m = await client.send(new ModifyHsmCommand({ HsmArn, EniIp: '10.1.2.4', SyslogIp: '10.9.9.9' }));
      expect(m.HsmArn).toBe(HsmArn);
      expect(await client.send(new DescribeHsmCommand({ HsmArn }))).toMatchObject({
        Status: 'UPDATING',
        EniIp: '10.1.2.4',
      });

      await emu.admin.advanceClock(5);
      const del = await client.send(new DeleteHsmCommand({ HsmArn }));
      expect(typeof del.Status).toBe('string');
      expect((await client.send(new DescribeHsmCommand({ HsmArn }))).Status).toBe('TERMINATING');
    });

    it('pages through 250 HSMs with NextToken, each exactly once', async () => {
      await emu.admin.seed({ hsms: 250, hapgs: 0, clients: 0 });
      const seen: string[] = [];
      let pages = 0;
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListHsmsCommand(NextToken ? { NextToken } : {}));
        pages += 1;
        NextToken = page.NextToken;
        if (NextToken !== undefined) expect(NextToken).toMatch(/^[a-zA-Z0-9+/]*$/);
        seen.push(...(page.HsmList ?? []));
      } while (NextToken);
      expect(pages).toBe(5);
      expect(seen).toHaveLength(250);
      expect(new Set(seen).size).toBe(250);
    });
  });

  describe('HAPGs', () => {
    it('creates, describes, lists, modifies and deletes a HAPG', async () => {
      const seeded = await emu.admin.seed({ hsms: 2, hapgs: 0, clients: 0 });
      const serials = await Promise.all(
        seeded.hsmArns.map(
          async (HsmArn) =>
            (await client.send(new DescribeHsmCommand({ HsmArn }))).Partitions![0]!.split('partition-')[1]!,
        ),
      );
      const { HapgArn } = await client.send(new CreateHapgCommand({ Label: 'payments' }));
      expect(HapgArn).toMatch(/^arn:aws:cloudhsm:us-east-1:123456789012:hapg-[0-9a-f]{8}$/);
      expect(await client.send(new DescribeHapgCommand({ HapgArn }))).toMatchObject({
        HapgArn,
        Label: 'payments',
        State: 'READY',
      });
      expect((await client.send(new ListHapgsCommand({}))).HapgList).toEqual([HapgArn]);

      await client.send(new ModifyHapgCommand({ HapgArn, Label: 'payments2', PartitionSerialList: serials }));
      const d = await client.send(new DescribeHapgCommand({ HapgArn }));
      expect(d).toMatchObject({ State: 'UPDATING', Label: 'payments2', PartitionSerialList: serials });
      expect([...d.HsmsPendingRegistration!].sort()).toEqual([...seeded.hsmArns].sort());
      await emu.admin.advanceClock(5);
      expect(await client.send(new DescribeHapgCommand({ HapgArn }))).toMatchObject({
        State: 'READY',
        HsmsPendingRegistration: [],
      });

      expect((await client.send(new DeleteHapgCommand({ HapgArn }))).Status).toBeTruthy();
      expect((await client.send(new ListHapgsCommand({}))).HapgList).toEqual([]);
    });
  });

  describe('Luna clients', () => {
    it('creates, describes (by ARN and fingerprint), lists, modifies and deletes a client', async () => {
      const c1 = cert('client-one');
      const c2 = cert('client-two');
      const { ClientArn } = await client.send(
        new CreateLunaClientCommand({ Label: 'app-1', Certificate: c1 }),
      );
      expect(ClientArn).toMatch(/^arn:aws:cloudhsm:us-east-1:123456789012:client-[0-9a-f]{8}$/);
      const fp = md5Fingerprint(certificateDer(c1));
      const d = await client.send(new DescribeLunaClientCommand({ ClientArn }));
      expect(d).toMatchObject({ ClientArn, Certificate: c1, CertificateFingerprint: fp, Label: 'app-1' });
      expect(d.LastModifiedTimestamp).toMatch(/^\d+$/);
      expect(
        (await client.send(new DescribeLunaClientCommand({ CertificateFingerprint: fp.toUpperCase() })))
          .ClientArn,
      ).toBe(ClientArn);
      expect((await client.send(new ListLunaClientsCommand({}))).ClientList).toEqual([ClientArn]);

      await client.send(new ModifyLunaClientCommand({ ClientArn, Certificate: c2 }));
      expect((await client.send(new DescribeLunaClientCommand({ ClientArn }))).CertificateFingerprint).toBe(
        md5Fingerprint(certificateDer(c2)),
      );

      expect((await client.send(new DeleteLunaClientCommand({ ClientArn }))).Status).toBeTruthy();
      expect((await client.send(new ListLunaClientsCommand({}))).ClientList).toEqual([]);
    });

    it('accepts a bare base64 certificate', async () => {
      const bare = cert('bare')
        .replace(/-----[A-Z ]+-----/g, '')
        .replace(/\n/g, '');
      const { ClientArn } = await client.send(new CreateLunaClientCommand({ Certificate: bare }));
      expect(ClientArn).toBeTruthy();
    });
  });

  describe('tags, config and zones', () => {
    it('adds (overwriting), lists and removes tags', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      const ResourceArn = hsmArns[0]!;
      await client.send(
        new AddTagsToResourceCommand({
          ResourceArn,
          TagList: [
            { Key: 'team', Value: 'a' },
            { Key: 'env', Value: 'prod' },
          ],
        }),
      );
      await client.send(
        new AddTagsToResourceCommand({ ResourceArn, TagList: [{ Key: 'team', Value: 'b' }] }),
      );
      const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn }))).TagList;
      expect([...tags!].sort((x, y) => x.Key!.localeCompare(y.Key!))).toEqual([
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'b' },
      ]);
      await client.send(new RemoveTagsFromResourceCommand({ ResourceArn, TagKeyList: ['team'] }));
      expect((await client.send(new ListTagsForResourceCommand({ ResourceArn }))).TagList).toEqual([
        { Key: 'env', Value: 'prod' },
      ]);
    });

    it('returns a Chrystoki.conf naming the HAPG members and their server certificates', async () => {
      const s = await emu.admin.seed({ hsms: 2, hapgs: 1, clients: 1 });
      const ips = await Promise.all(
        s.hsmArns.map(async (HsmArn) => (await client.send(new DescribeHsmCommand({ HsmArn }))).EniIp!),
      );
      for (const ClientVersion of ['5.1', '5.3'] as const) {
        const cfg = await client.send(
          new GetConfigCommand({ ClientArn: s.clientArns[0], ClientVersion, HapgList: s.hapgArns }),
        );
        expect(cfg.ConfigType).toBeTruthy();
        expect(cfg.ConfigFile).toContain(`Luna SA client ${ClientVersion}`);
        for (const ip of ips) expect(cfg.ConfigFile).toContain(`= ${ip};`);
        expect(cfg.ConfigCred!.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
      }
    });

    it("lists the region's Availability Zones", async () => {
      const { AZList } = await client.send(new ListAvailableZonesCommand({}));
      expect(AZList).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    });
  });

  describe('errors', () => {
    it('answers an unknown but well-formed ARN with a typed InvalidRequestException "... not found"', async () => {
      const err = await client
        .send(new DeleteHsmCommand({ HsmArn: 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0000aaaa' }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect((err as InvalidRequestException).message).toMatch(/not found/);
      expect((err as InvalidRequestException).$metadata.httpStatusCode).toBe(400);
    });

    it('answers a constraint violation with InvalidRequestException naming the member', async () => {
      const err = await client.send(new CreateHapgCommand({ Label: 'bad label!' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect((err as Error).message).toContain('Label');
    });

    it('answers a state conflict with CloudHsmServiceException', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      await client.send(new DeleteHsmCommand({ HsmArn: hsmArns[0] }));
      const err = await client.send(new DeleteHsmCommand({ HsmArn: hsmArns[0] })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CloudHsmServiceException);
      expect((err as Error).message).toMatch(/TERMINATING/);
    });

    it('delivers injected faults as typed exceptions, without changing state', async () => {
      await emu.admin.setFaults({
        errors: [{ action: 'CreateHapg', errorType: 'CloudHsmInternalException', count: 1 }],
      });
      const err = await client.send(new CreateHapgCommand({ Label: 'x1' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CloudHsmInternalException);
      expect((err as CloudHsmInternalException).$metadata.httpStatusCode).toBe(500);
      expect((await client.send(new ListHapgsCommand({}))).HapgList).toEqual([]);
      expect((await client.send(new CreateHapgCommand({ Label: 'x1' }))).HapgArn).toBeTruthy();
    });

    it('delivers throttling as a ThrottlingException the SDK retries', async () => {
      await emu.admin.setFaults({ rateLimit: { requestsPerSecond: 0.001, burst: 1 } });
      await client.send(new ListHsmsCommand({}));
      const err = await client.send(new ListHsmsCommand({})).catch((e: unknown) => e);
      expect((err as Error).name).toBe('ThrottlingException');
      expect((err as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode).toBe(400);
      // The SDK's standard retry strategy classifies this name as throttling and retries it.
      const retrying = new CloudHSMClient({
        endpoint: emu.url,
        region: 'us-east-1',
        credentials: DEFAULT_CREDENTIALS,
        maxAttempts: 2,
      });
      await emu.admin.setFaults({
        errors: [{ action: 'ListHsms', errorType: 'ThrottlingException', count: 1 }],
      });
      const out = await retrying.send(new ListHsmsCommand({}));
      expect(out.$metadata.attempts).toBe(2);
      retrying.destroy();
    });
  });
});
