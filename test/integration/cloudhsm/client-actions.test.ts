import type { CloudHsmClient } from '../../../src/cloudhsm/client';
import {
  AuthError,
  ClientValidationError,
  CloudHsmInternalException,
  CloudHsmServiceException,
  InvalidRequestException,
  ThrottlingError,
  UnmodeledServiceError,
  type Transport,
} from '../../../src/cloudhsm/client';
import { DEFAULT_CREDENTIALS, makeCertificate } from '../../../src/emulator';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { clientFor, rejectionOf } from './support';

const ACCOUNT = DEFAULT_CREDENTIALS.accountId;
const cert = (cn: string, serial: string): string =>
  makeCertificate({ commonName: cn, serialNumber: serial, notBefore: new Date(0), notAfter: new Date(2e12) });
const MISSING_HSM = `arn:aws:cloudhsm:us-east-1:${ACCOUNT}:hsm-0000dead`;
const MISSING_HAPG = `arn:aws:cloudhsm:us-east-1:${ACCOUNT}:hapg-0000dead`;
const MISSING_CLIENT = `arn:aws:cloudhsm:us-east-1:${ACCOUNT}:client-0000dead`;

describe('CloudHsmClient against the emulator', () => {
  let emu: TestEmulator;
  let client: CloudHsmClient;
  let extras: CloudHsmClient[] = [];
  const another = (cfg: Parameters<typeof clientFor>[1]): CloudHsmClient => {
    const c = clientFor(emu, cfg);
    extras.push(c);
    return c;
  };

  beforeEach(async () => {
    emu = await startTestEmulator();
    client = clientFor(emu);
  });
  afterEach(async () => {
    for (const c of [client, ...extras]) c.destroy();
    extras = [];
    await emu.stop();
  });

  describe('all 20 actions', () => {
    it('drives an HSM, a HAPG and a Luna client through their whole life', async () => {
      const zones = await client.listAvailableZones();
      expect(zones.AZList!.length).toBeGreaterThan(0);

      const { HsmArn } = await client.createHsm({
        SubnetId: 'subnet-0a0b0c00',
        SshKey: 'ssh-rsa AAAAB3 test',
        IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/hsm`,
        SubscriptionType: 'PRODUCTION',
      });
      expect(HsmArn).toMatch(/:hsm-[0-9a-f]{8}$/);
      expect((await client.describeHsm({ HsmArn: HsmArn! })).Status).toBe('PENDING');
      await emu.admin.advanceClock(11);
      const hsm = await client.describeHsm({ HsmArn: HsmArn! });
      expect(hsm.Status).toBe('RUNNING');
      expect((await client.describeHsm({ HsmSerialNumber: hsm.SerialNumber! })).HsmArn).toBe(HsmArn);
      expect((await client.listHsms()).HsmList).toContain(HsmArn);
      expect(await client.listAllHsms()).toEqual([HsmArn]);

      const { HapgArn } = await client.createHapg({ Label: 'group-1' });
      const partitionSerial = hsm.Partitions![0]!.split('partition-')[1]!;
      expect(
        (await client.modifyHapg({ HapgArn: HapgArn!, PartitionSerialList: [partitionSerial] })).HapgArn,
      ).toBe(HapgArn);
      await emu.admin.advanceClock(6);
      const hapg = await client.describeHapg({ HapgArn: HapgArn! });
      expect(hapg).toMatchObject({ HapgArn, Label: 'group-1', PartitionSerialList: [partitionSerial] });
      expect((await client.listHapgs()).HapgList).toEqual([HapgArn]);
      expect(await client.listAllHapgs()).toEqual([HapgArn]);

      const { ClientArn } = await client.createLunaClient({
        Label: 'app-1',
        Certificate: cert('app-1', '01'),
      });
      const byArn = await client.describeLunaClient({ ClientArn: ClientArn! });
      const byFp = await client.describeLunaClient({ CertificateFingerprint: byArn.CertificateFingerprint! });
      expect(byFp.ClientArn).toBe(ClientArn);
      expect(
        (await client.modifyLunaClient({ ClientArn: ClientArn!, Certificate: cert('app-1', '02') }))
          .ClientArn,
      ).toBe(ClientArn);
      expect((await client.listLunaClients()).ClientList).toEqual([ClientArn]);
      expect(await client.listAllLunaClients()).toEqual([ClientArn]);

      const config = await client.getConfig({
        ClientArn: ClientArn!,
        ClientVersion: '5.3',
        HapgList: [HapgArn!],
      });
      expect(config.ConfigFile).toBeTruthy();

      await client.addTagsToResource({
        ResourceArn: HsmArn!,
        TagList: [
          { Key: 'team', Value: 'pki' },
          { Key: 'env', Value: 'prod' },
        ],
      });
      await client.removeTagsFromResource({ ResourceArn: HsmArn!, TagKeyList: ['env'] });
      expect((await client.listTagsForResource({ ResourceArn: HsmArn! })).TagList).toEqual([
        { Key: 'team', Value: 'pki' },
      ]);

      expect((await client.modifyHsm({ HsmArn: HsmArn!, SyslogIp: '10.0.0.9' })).HsmArn).toBe(HsmArn);
      expect((await client.describeHsm({ HsmArn: HsmArn! })).Status).toBe('UPDATING');
      await emu.admin.advanceClock(6);

      expect((await client.deleteLunaClient({ ClientArn: ClientArn! })).Status).toBeTruthy();
      expect((await client.deleteHapg({ HapgArn: HapgArn! })).Status).toBeTruthy();
      expect((await client.deleteHsm({ HsmArn: HsmArn! })).Status).toBeTruthy();
      expect((await client.describeHsm({ HsmArn: HsmArn! })).Status).toBe('TERMINATING');
    });
  });

  describe('modelled errors', () => {
    it.each([
      ['describeHsm', (c: CloudHsmClient) => c.describeHsm({ HsmArn: MISSING_HSM })],
      ['deleteHsm', (c: CloudHsmClient) => c.deleteHsm({ HsmArn: MISSING_HSM })],
      ['modifyHsm', (c: CloudHsmClient) => c.modifyHsm({ HsmArn: MISSING_HSM, SyslogIp: '10.0.0.1' })],
      ['describeHapg', (c: CloudHsmClient) => c.describeHapg({ HapgArn: MISSING_HAPG })],
      ['deleteHapg', (c: CloudHsmClient) => c.deleteHapg({ HapgArn: MISSING_HAPG })],
      ['modifyHapg', (c: CloudHsmClient) => c.modifyHapg({ HapgArn: MISSING_HAPG, Label: 'x1' })],
      ['describeLunaClient', (c: CloudHsmClient) => c.describeLunaClient({ ClientArn: MISSING_CLIENT })],
      ['deleteLunaClient', (c: CloudHsmClient) => c.deleteLunaClient({ ClientArn: MISSING_CLIENT })],
      ['listTagsForResource', (c: CloudHsmClient) => c.listTagsForResource({ ResourceArn: MISSING_HSM })],
    ])('%s of a missing resource is a server InvalidRequestException, sent once', async (_name, call) => {
      const err = await rejectionOf(call(client));
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect(err).not.toBeInstanceOf(ClientValidationError);
      expect(err).toMatchObject({ statusCode: 400, retryable: false, attempts: 1, $fault: 'client' });
      expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('returns CloudHsmServiceException when the state forbids the action', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      await client.deleteHsm({ HsmArn: hsmArns[0]! });
      const err = await rejectionOf(client.deleteHsm({ HsmArn: hsmArns[0]! }));
      expect(err).toBeInstanceOf(CloudHsmServiceException);
      expect(err).toMatchObject({ name: 'CloudHsmServiceException', statusCode: 400, retryable: false });
    });

    it('returns CloudHsmInternalException after retrying it', async () => {
      await emu.admin.setFaults({ errors: [{ errorType: 'CloudHsmInternalException', count: 3 }] });
      const err = await rejectionOf(another({ maxAttempts: 2 }).listHsms());
      expect(err).toBeInstanceOf(CloudHsmInternalException);
      expect(err).toMatchObject({ statusCode: 500, $fault: 'server', retryable: true, attempts: 2 });
    });
  });

  describe('common errors', () => {
    it.each(['ThrottlingException', 'Throttling'])('maps %s to ThrottlingError', async (errorType) => {
      await emu.admin.setFaults({ errors: [{ errorType, count: 1 }] });
      const err = await rejectionOf(another({ maxAttempts: 1 }).listHsms());
      expect(err).toBeInstanceOf(ThrottlingError);
      expect(err).toMatchObject({ code: errorType, retryable: true });
    });

    it('maps an unmodelled 503 ServiceUnavailable to a retryable UnmodeledServiceError', async () => {
      await emu.admin.setFaults({ errors: [{ errorType: 'ServiceUnavailable', count: 1 }] });
      const err = await rejectionOf(another({ maxAttempts: 1 }).listHsms());
      expect(err).toBeInstanceOf(UnmodeledServiceError);
      expect(err).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503, retryable: true });
    });

    it('maps a wrong secret to AuthError SignatureDoesNotMatch, not retried', async () => {
      const bad = another({
        credentials: { accessKeyId: DEFAULT_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' },
      });
      const err = await rejectionOf(bad.listHsms());
      expect(err).toBeInstanceOf(AuthError);
      expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 403, attempts: 1 });
    });

    it('maps an unknown access key to AuthError InvalidClientTokenId', async () => {
      const bad = another({ credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' } });
      const err = await rejectionOf(bad.listHsms());
      expect(err).toMatchObject({ name: 'AuthError', code: 'InvalidClientTokenId', statusCode: 403 });
    });

    it('maps a signing clock 20 minutes off to AuthError RequestExpired', async () => {
      const skewed = another({ now: () => Date.now() - 20 * 60 * 1000 });
      const err = await rejectionOf(skewed.listHsms());
      expect(err).toMatchObject({ name: 'AuthError', code: 'RequestExpired', retryable: false });
    });

    it.each([
      ['MissingAuthenticationToken', (h: Record<string, string>) => delete h['authorization']],
      [
        'IncompleteSignature',
        (h: Record<string, string>) =>
          (h['authorization'] = h['authorization']!.replace(/, Signature=.*$/, '')),
      ],
    ])('maps a request the emulator finds %s to AuthError', async (code, tamper) => {
      const tampering = (inner: Transport): Transport => ({
        send: (req, signal) => {
          const headers = { ...req.headers };
          tamper(headers);
          return inner.send({ ...req, headers }, signal);
        },
        destroy: () => inner.destroy(),
      });
      const { HttpTransport } = await import('../../../src/cloudhsm/client/transport');
      const bad = another({ transport: tampering(new HttpTransport()) });
      const err = await rejectionOf(bad.listHsms());
      expect(err).toBeInstanceOf(AuthError);
      expect(err.code).toBe(code);
    });
  });
});
