import {
  CloudHSMClient,
  DescribeHsmCommand,
  InvalidRequestException,
  ListHsmsCommand,
} from '@aws-sdk/client-cloudhsm';
import { DEFAULT_CREDENTIALS } from '../../../src/emulator';
import { rawRequest, signedCall, startTestEmulator, type TestEmulator } from '../../support/emulator';

const OTHER = {
  accessKeyId: 'AKIAOTHERACCOUNT0001',
  secretAccessKey: 'otherSecretKeyForTheSecondAccount000000',
  accountId: '210987654321',
};

describe('emulator authentication', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ credentials: [DEFAULT_CREDENTIALS, OTHER] });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.admin.reset());

  describe('accepted signing styles', () => {
    it('accepts JS SDK style signing (x-amz-content-sha256 and SDK headers signed)', async () => {
      const res = await signedCall(emu.url, 'ListHsms', {}, { style: 'sdk' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ HsmList: [] });
    });

    it('accepts AWS CLI v2 style signing (content-type;host;x-amz-date;x-amz-target, no payload hash header)', async () => {
      const res = await signedCall(emu.url, 'ListHsms', {}, { style: 'cli' });
      expect(res.headers['x-amz-content-sha256']).toBeUndefined();
      expect(res.status).toBe(200);
    });

    it('rejects a CLI-style request whose body was changed after signing', async () => {
      const res = await signedCall(
        emu.url,
        'CreateHapg',
        { Label: 'a' },
        { style: 'cli', tamper: (r) => (r.body = '{"Label":"b"}') },
      );
      expect(res.status).toBe(403);
      expect(res.json.__type).toBe('SignatureDoesNotMatch');
    });
  });

  describe('refusals', () => {
    it('refuses a request without a signature with 403 MissingAuthenticationToken', async () => {
      const res = await rawRequest(emu.url, {
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'CloudHsmFrontendService.ListHsms',
        },
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ __type: 'MissingAuthenticationToken', retryable: false });
      expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationToken');
    });

    it('refuses a malformed Authorization header with 400 IncompleteSignature', async () => {
      const res = await signedCall(
        emu.url,
        'ListHsms',
        {},
        {
          tamper: (r) =>
            (r.headers.authorization = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/garbage'),
        },
      );
      expect(res.status).toBe(400);
      expect(res.json.__type).toBe('IncompleteSignature');
    });

    it('refuses an unknown access key with 403 InvalidClientTokenId', async () => {
      const res = await signedCall(
        emu.url,
        'ListHsms',
        {},
        {
          credentials: {
            accessKeyId: 'AKIAUNKNOWNKEY000000',
            secretAccessKey: 'x',
            accountId: '111111111111',
          },
        },
      );
      expect(res.status).toBe(403);
      expect(res.json.__type).toBe('InvalidClientTokenId');
    });

    it('refuses a wrong secret with 403 SignatureDoesNotMatch', async () => {
      const res = await signedCall(
        emu.url,
        'ListHsms',
        {},
        { credentials: { ...DEFAULT_CREDENTIALS, secretAccessKey: 'wrong' } },
      );
      expect(res.status).toBe(403);
      expect(res.json.__type).toBe('SignatureDoesNotMatch');
    });

    it('refuses a signed header changed after signing with 403 SignatureDoesNotMatch', async () => {
      const res = await signedCall(
        emu.url,
        'ListHsms',
        {},
        {
          tamper: (r) => (r.headers['x-amz-target'] = 'CloudHsmFrontendService.ListHapgs'),
        },
      );
      expect(res.status).toBe(403);
      expect(res.json.__type).toBe('SignatureDoesNotMatch');
    });

    it('refuses a body that does not match x-amz-content-sha256 with 403 SignatureDoesNotMatch', async () => {
      const res = await signedCall(
        emu.url,
        'CreateHapg',
        { Label: 'a' },
        { tamper: (r) => (r.body = '{"Label":"evil"}') },
      );
      expect(res.status).toBe(403);
      expect(res.json.__type).toBe('SignatureDoesNotMatch');
      expect((await emu.admin.state()).regions).toEqual([]);
    });

    it('refuses x-amz-date more than 15 minutes off with 400 RequestExpired, in both directions', async () => {
      for (const offset of [-16 * 60_000, 16 * 60_000]) {
        const res = await signedCall(emu.url, 'ListHsms', {}, { signingDate: new Date(Date.now() + offset) });
        expect(res.status).toBe(400);
        expect(res.json.__type).toBe('RequestExpired');
      }
      const ok = await signedCall(
        emu.url,
        'ListHsms',
        {},
        { signingDate: new Date(Date.now() - 14 * 60_000) },
      );
      expect(ok.status).toBe(200);
    });

    it('refuses a credential scope for another service', async () => {
      const res = await signedCall(
        emu.url,
        'ListHsms',
        {},
        {
          tamper: (r) =>
            (r.headers.authorization = r.headers.authorization!.replace('/cloudhsm/', '/cloudhsmv2/')),
        },
      );
      expect(res.status).toBe(400);
      expect(res.json.__type).toBe('IncompleteSignature');
    });
  });

  describe('isolation', () => {
    it('keeps accounts apart: another account sees nothing and gets "not found"', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 1, clients: 0 });
      const other = new CloudHSMClient({
        endpoint: emu.url,
        region: 'us-east-1',
        credentials: OTHER,
        maxAttempts: 1,
      });
      expect((await other.send(new ListHsmsCommand({}))).HsmList).toEqual([]);
      const err = await other.send(new DescribeHsmCommand({ HsmArn: hsmArns[0] })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect((err as Error).message).toMatch(/not found/);
      other.destroy();
    });

    it('keeps regions apart: the region comes from the credential scope', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0, region: 'eu-west-1' });
      const east = await signedCall(emu.url, 'ListHsms', {}, { region: 'us-east-1' });
      const west = await signedCall(emu.url, 'ListHsms', {}, { region: 'eu-west-1' });
      expect(east.json).toEqual({ HsmList: [] });
      expect(west.json).toEqual({ HsmList: hsmArns });
      const serial = (
        await signedCall(emu.url, 'DescribeHsm', { HsmArn: hsmArns[0] }, { region: 'eu-west-1' })
      ).json.SerialNumber;
      const bySerial = await signedCall(
        emu.url,
        'DescribeHsm',
        { HsmSerialNumber: serial },
        { region: 'us-east-1' },
      );
      expect(bySerial.status).toBe(400);
      expect(bySerial.json.__type).toBe('InvalidRequestException');
      expect(bySerial.text).not.toContain(hsmArns[0]);
    });
  });
});
