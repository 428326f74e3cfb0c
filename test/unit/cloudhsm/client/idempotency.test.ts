import {
  ClientValidationError,
  CloudHsmClient,
  TimeoutError,
  TransportError,
  type CloudHsmClientConfig,
} from '../../../../src/cloudhsm/client';
import { errorReply, startStub, TEST_CREDENTIALS, type StubReply, type StubServer } from './stub-server';

const HSM = 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0123abcd';
const CREATE = {
  SubnetId: 'subnet-0a0b0c00',
  SshKey: 'ssh-rsa AAAAB3 test',
  IamRoleArn: 'arn:aws:iam::123456789012:role/hsm',
  SubscriptionType: 'PRODUCTION' as const,
};

describe('CloudHsmClient retry safety of writes (stub server)', () => {
  let stub: StubServer;
  let client: CloudHsmClient;

  async function setup(
    reply: (i: number) => StubReply,
    extra: Partial<CloudHsmClientConfig> = {},
  ): Promise<void> {
    stub = await startStub((_req, i) => reply(i));
    client = new CloudHsmClient({
      region: 'us-east-1',
      endpoint: stub.url,
      credentials: TEST_CREDENTIALS,
      sleep: () => Promise.resolve(),
      ...extra,
    });
  }
  afterEach(async () => {
    client?.destroy();
    await stub?.stop();
  });
  const bodies = (): Array<Record<string, unknown>> =>
    stub.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);

  describe('CreateHsm ClientToken', () => {
    it('fills a random ClientToken and sends the same one on every retry', async () => {
      await setup((i) =>
        i === 0 ? errorReply('CloudHsmInternalException', 500) : { body: { HsmArn: HSM } },
      );
      await client.createHsm(CREATE);
      const [first, second] = bodies();
      expect(first!['ClientToken']).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(second!['ClientToken']).toBe(first!['ClientToken']);
    });

    it('draws a different token per call', async () => {
      await setup(() => ({ body: { HsmArn: HSM } }));
      await client.createHsm(CREATE);
      await client.createHsm(CREATE);
      const [a, b] = bodies();
      expect(a!['ClientToken']).not.toBe(b!['ClientToken']);
    });

    it("keeps the caller's ClientToken", async () => {
      await setup(() => ({ body: { HsmArn: HSM } }));
      await client.createHsm({ ...CREATE, ClientToken: 'mine1' });
      expect(bodies()[0]!['ClientToken']).toBe('mine1');
    });

    it('retries CreateHsm after an attempt timeout (the token makes it safe)', async () => {
      await setup((i) => (i === 0 ? { delayMs: 10_000, body: { HsmArn: HSM } } : { body: { HsmArn: HSM } }), {
        attemptTimeoutMs: 1000,
      });
      expect((await client.createHsm(CREATE)).HsmArn).toBe(HSM);
      expect(stub.requests).toHaveLength(2);
    });
  });

  describe('non-idempotent writes', () => {
    it('returns an attempt timeout of DeleteHsm to the caller instead of repeating the delete', async () => {
      await setup(() => ({ delayMs: 1000, body: { Status: 'OK' } }), { attemptTimeoutMs: 80 });
      const err = await client.deleteHsm({ HsmArn: HSM }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ attempts: 1 });
      expect(stub.requests).toHaveLength(1);
    });

    it('returns a connection reset of ModifyHapg to the caller', async () => {
      await setup(() => ({ destroy: true }));
      const err = await client
        .modifyHapg({ HapgArn: 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-0123abcd', Label: 'g1' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(stub.requests).toHaveLength(1);
    });

    it('still retries a write the service refused with a 5xx or a throttle', async () => {
      await setup((i) =>
        i === 0
          ? errorReply('CloudHsmInternalException', 500)
          : i === 1
            ? errorReply('Throttling')
            : { body: { Status: 'OK' } },
      );
      await client.deleteHsm({ HsmArn: HSM });
      expect(stub.requests).toHaveLength(3);
    });

    it('retries ambiguous write failures when retryAmbiguousWrites is set', async () => {
      await setup((i) => (i === 0 ? { destroy: true } : { body: { Status: 'OK' } }), {
        retryAmbiguousWrites: true,
      });
      await client.deleteHsm({ HsmArn: HSM });
      expect(stub.requests).toHaveLength(2);
    });
  });

  describe('unknown operations', () => {
    it('rejects an operation name outside the model before sending', async () => {
      await setup(() => ({ body: {} }));
      const err = await client.send('DescribeCluster' as never, {} as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClientValidationError);
      expect(stub.requests).toHaveLength(0);
    });
  });
});
