import { signedCall, rawRequest, startTestEmulator, type TestEmulator } from '../../support/emulator';
import { EmulatorAdminClient, EmulatorAdminError } from '../../../src/emulator/admin-client';

describe('emulator wire protocol (awsJson 1.1)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.admin.reset());

  it('answers with application/x-amz-json-1.1 and an x-amzn-RequestId', async () => {
    const res = await signedCall(emu.url, 'ListAvailableZones', {});
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown target with 400 InvalidAction', async () => {
    const res = await signedCall(emu.url, 'Nope', {}, { target: 'CloudHsmFrontendService.DescribeClusters' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      __type: 'InvalidAction',
      message: expect.stringContaining('DescribeClusters'),
      retryable: false,
    });
    expect(res.headers['x-amzn-errortype']).toBe('InvalidAction');
  });

  it.each([
    ['not JSON', '{nope'],
    ['a JSON array', '[]'],
    ['a JSON string', '"x"'],
    ['JSON null', 'null'],
  ])('answers a body that is %s with a 400 error', async (_what, body) => {
    const res = await signedCall(emu.url, 'ListHsms', undefined, { body });
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('SerializationException');
  });

  it('treats an empty body as {}', async () => {
    const res = await signedCall(emu.url, 'ListHsms', undefined, { body: '' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ HsmList: [] });
  });

  it('refuses a body over 1 MiB with a 400 error without reading it', async () => {
    const res = await rawRequest(emu.url, {
      headers: { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(2 * 1024 * 1024) },
      body: 'x'.repeat(1024),
    }).catch(() => undefined);
    expect(res?.status).toBe(400);
    expect(res?.json.__type).toBe('SerializationException');
  });

  it('returns exactly the output members (unknown input members are ignored)', async () => {
    const res = await signedCall(emu.url, 'CreateHapg', { Label: 'a1', Extra: 'ignored' });
    expect(Object.keys(res.json)).toEqual(['HapgArn']);
  });

  it('returns timestamps as digit strings', async () => {
    const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
    const res = await signedCall(emu.url, 'DescribeHsm', { HsmArn: hsmArns[0] });
    expect(res.json.SubscriptionStartDate).toMatch(/^\d+$/);
  });

  describe('pagination tokens', () => {
    it('refuses a forged token and a token of another list with InvalidRequestException', async () => {
      await emu.admin.seed({ hsms: 60, hapgs: 60, clients: 0 });
      const first = await signedCall(emu.url, 'ListHsms', {});
      const token = first.json.NextToken as string;
      expect(token).toMatch(/^[a-zA-Z0-9+/]+$/);
      const forged = await signedCall(emu.url, 'ListHsms', { NextToken: token.slice(0, -2) + 'AA' });
      expect(forged.json.__type).toBe('InvalidRequestException');
      expect(forged.json.message).toContain('NextToken');
      const crossed = await signedCall(emu.url, 'ListHapgs', { NextToken: token });
      expect(crossed.json.__type).toBe('InvalidRequestException');
    });

    it('refuses a stale token from before a reset', async () => {
      await emu.admin.seed({ hsms: 60, hapgs: 0, clients: 0 });
      const token = (await signedCall(emu.url, 'ListHsms', {})).json.NextToken as string;
      await emu.admin.reset();
      await emu.admin.seed({ hsms: 60, hapgs: 0, clients: 0 });
      const res = await signedCall(emu.url, 'ListHsms', { NextToken: token });
      expect(res.json.__type).toBe('InvalidRequestException');
    });
  });

  describe('faults', () => {
    it('never apply to the admin API', async () => {
      await emu.admin.setFaults({ errors: [{ errorType: 'ServiceUnavailable' }] });
      await expect(emu.admin.state()).resolves.toBeDefined();
      const res = await signedCall(emu.url, 'ListHsms', {});
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ __type: 'ServiceUnavailable', retryable: true });
      await emu.admin.clearFaults();
      expect((await signedCall(emu.url, 'ListHsms', {})).status).toBe(200);
    });

    it('throttle over the rate limit with a retryable 400 ThrottlingException and change nothing', async () => {
      await emu.admin.setFaults({ rateLimit: { requestsPerSecond: 0.001, burst: 2 } });
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await signedCall(emu.url, 'CreateHapg', { Label: `g${i}` })).json);
      expect(statuses.filter((s) => s.__type === 'ThrottlingException')).toHaveLength(2);
      expect(statuses.find((s) => s.__type)).toMatchObject({ retryable: true });
      expect((await emu.admin.state()).regions[0]!.hapgs).toHaveLength(2);
    });

    it('apply an error with a count only that many times, and only to the named action', async () => {
      await emu.admin.setFaults({
        errors: [{ action: 'ListHapgs', errorType: 'CloudHsmServiceException', status: 400, count: 2 }],
      });
      expect((await signedCall(emu.url, 'ListHsms', {})).status).toBe(200);
      expect((await signedCall(emu.url, 'ListHapgs', {})).json.__type).toBe('CloudHsmServiceException');
      expect((await signedCall(emu.url, 'ListHapgs', {})).json.__type).toBe('CloudHsmServiceException');
      expect((await signedCall(emu.url, 'ListHapgs', {})).status).toBe(200);
    });

    it('refuse a bad fault configuration naming the field', async () => {
      await expect(emu.admin.setFaults({ rateLimit: { requestsPerSecond: -1, burst: 1 } })).rejects.toThrow(
        /requestsPerSecond/,
      );
    });
  });

  describe('admin API', () => {
    it('requires the admin token when one is set', async () => {
      const secured = await startTestEmulator({ adminToken: 's3cret' });
      try {
        await expect(new EmulatorAdminClient(secured.url).state()).rejects.toMatchObject({ status: 401 });
        await expect(new EmulatorAdminClient(secured.url, { token: 'wrong' }).state()).rejects.toBeInstanceOf(
          EmulatorAdminError,
        );
        await expect(secured.admin.state()).resolves.toMatchObject({ regions: [] });
      } finally {
        await secured.stop();
      }
    });

    it('is absent with admin: false', async () => {
      const closed = await startTestEmulator({ admin: false });
      try {
        await expect(closed.admin.state()).rejects.toMatchObject({ name: 'EmulatorAdminError', status: 404 });
        expect((await signedCall(closed.url, 'ListHsms', {})).status).toBe(200);
      } finally {
        await closed.stop();
      }
    });

    it('forces an HSM status by serial number and reports the clock', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      const serial = (await signedCall(emu.url, 'DescribeHsm', { HsmArn: hsmArns[0] })).json
        .SerialNumber as string;
      const out = await emu.admin.setHsmStatus(serial, 'SUSPENDED', 'billing');
      expect(out).toMatchObject({ Status: 'SUSPENDED', StatusDetails: 'billing' });
      await expect(emu.admin.setHsmStatus(serial, 'BROKEN' as never)).rejects.toMatchObject({ status: 400 });
      await expect(emu.admin.setHsmStatus('999999999999', 'RUNNING')).rejects.toMatchObject({ status: 404 });
      expect(await emu.admin.now()).toBe('2026-01-01T00:00:00.000Z');
      expect((await emu.admin.advanceClock(90)).now).toBe('2026-01-01T00:01:30.000Z');
    });

    it('refuses a bad seed request naming the field', async () => {
      await expect(emu.admin.seed({ hsms: -1, hapgs: 0, clients: 0 })).rejects.toThrow(/hsms/);
    });
  });
});
