import {
  AbortedError,
  ClientMetrics,
  ClientValidationError,
  CloudHsmClient,
  CloudHsmInternalException,
  InvalidRequestException,
  ResponseParseError,
  ThrottlingError,
  TimeoutError,
  TransportError,
  type CloudHsmClientConfig,
} from '../../../../src/cloudhsm/client';
import { simulatedLimiter } from '../../../support/simulated-limiter';
import { errorReply, startStub, TEST_CREDENTIALS, type StubReply, type StubServer } from './stub-server';

const HSM = 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0123abcd';

describe('CloudHsmClient (wire level, stub server)', () => {
  let stub: StubServer;
  let client: CloudHsmClient;
  const delays: number[] = [];

  async function setup(
    reply: (i: number) => StubReply,
    extra: Partial<CloudHsmClientConfig> = {},
  ): Promise<void> {
    stub = await startStub((_req, i) => reply(i));
    delays.length = 0;
    client = new CloudHsmClient({
      region: 'us-east-1',
      endpoint: stub.url,
      credentials: TEST_CREDENTIALS,
      random: () => 0.5,
      // Backoff waits are recorded, not slept: retry behaviour is independent of wall time.
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
      ...extra,
    });
  }

  /** A client of the running stub without the recorded backoff (these tests look at metrics). */
  function stubClient(extra: Partial<CloudHsmClientConfig> = {}): CloudHsmClient {
    return new CloudHsmClient({
      region: 'us-east-1',
      endpoint: stub.url,
      credentials: TEST_CREDENTIALS,
      ...extra,
    });
  }

  afterEach(async () => {
    client?.destroy();
    await stub?.stop();
  });

  describe('request', () => {
    it('POSTs awsJson 1.1 with the target header and a signed body', async () => {
      await setup(() => ({ body: { HsmList: [HSM] } }));
      const out = await client.listHsms();
      expect(out.HsmList).toEqual([HSM]);
      const req = stub.requests[0]!;
      expect(req).toMatchObject({ method: 'POST', url: '/', body: '{}' });
      expect(req.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(req.headers['x-amz-target']).toBe('CloudHsmFrontendService.ListHsms');
      expect(req.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/cloudhsm\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
      expect(req.headers.connection).toBe('keep-alive');
    });

    it('reuses one keep-alive connection for sequential calls', async () => {
      await setup(() => ({ body: {} }));
      for (let i = 0; i < 5; i++) await client.listAvailableZones();
      expect(new Set(stub.requests.map((r) => r.remotePort)).size).toBe(1);
    });

    it('sends the session token when credentials carry one', async () => {
      await setup(() => ({ body: {} }), { credentials: { ...TEST_CREDENTIALS, sessionToken: 'tok' } });
      await client.listAvailableZones();
      expect(stub.requests[0]!.headers['x-amz-security-token']).toBe('tok');
    });
  });

  describe('validation', () => {
    it('throws ClientValidationError naming the member and sends nothing', async () => {
      await setup(() => ({ body: {} }));
      const err = await client.describeHsm({ HsmArn: 'not-an-arn' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClientValidationError);
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect((err as ClientValidationError).member).toBe('HsmArn');
      expect((err as Error).message).toContain("at 'HsmArn'");
      expect(stub.requests).toHaveLength(0);
    });

    it('reports a missing required member', async () => {
      await setup(() => ({ body: {} }));
      const err = (await client
        .getConfig({
          ClientArn: 'arn:aws:cloudhsm:us-east-1:123456789012:client-0123abcd',
          ClientVersion: '5.1',
        } as never)
        .catch((e: unknown) => e)) as ClientValidationError;
      expect(err.member).toBe('HapgList');
      expect(err.violations[0]!.constraint).toBe('required');
    });
  });

  describe('retries', () => {
    it('retries 5xx and CloudHsmInternalException, then succeeds', async () => {
      await setup((i) =>
        i === 0
          ? errorReply('CloudHsmInternalException', 500)
          : i === 1
            ? { status: 503, body: 'unavailable' }
            : { body: { HsmList: [] } },
      );
      const metrics = new ClientMetrics();
      client.destroy();
      client = stubClient({ hooks: metrics, random: () => 0 });
      await client.listHsms();
      expect(stub.requests).toHaveLength(3);
      expect(metrics.snapshot()).toMatchObject({ calls: 1, attempts: 3, retries: 2, errors: 0 });
    });

    it('backs off exponentially with full jitter from the base delay', async () => {
      await setup(() => errorReply('CloudHsmInternalException', 500), {
        maxAttempts: 4,
        retryStrategy: { baseDelayMs: 100 },
      });
      const err = await client.listHsms().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CloudHsmInternalException);
      expect((err as CloudHsmInternalException).attempts).toBe(4);
      expect(stub.requests).toHaveLength(4);
      expect(delays).toEqual([50, 100, 200]);
    });

    it('uses the longer throttling base and tells the limiter', async () => {
      const limiter = simulatedLimiter();
      await setup((i) => (i < 2 ? errorReply('ThrottlingException') : { body: {} }), {
        rateLimiter: limiter,
      });
      await client.listAvailableZones();
      expect(delays).toEqual([250, 500]);
      expect(limiter.currentRate).toBeLessThan(Infinity);
    });

    it('retries a CloudHsmServiceException whose body says retryable', async () => {
      await setup((i) =>
        i === 0 ? errorReply('CloudHsmServiceException', 400, { retryable: true }) : { body: {} },
      );
      await client.listAvailableZones();
      expect(stub.requests).toHaveLength(2);
    });

    it('does not retry InvalidRequestException', async () => {
      await setup(() => errorReply('InvalidRequestException'));
      const err = await client.deleteHsm({ HsmArn: HSM }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect(err).not.toBeInstanceOf(ClientValidationError);
      expect(stub.requests).toHaveLength(1);
    });

    it('gives up after maxAttempts on persistent throttling', async () => {
      await setup(() => errorReply('Throttling'), { maxAttempts: 3, rateLimiter: simulatedLimiter() });
      const err = await client.listHsms().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ThrottlingError);
      expect(stub.requests).toHaveLength(3);
    });

    it('retries a connection reset as a TransportError', async () => {
      await setup((i) => (i === 0 ? { destroy: true } : { body: {} }));
      await client.listAvailableZones();
      expect(stub.requests).toHaveLength(2);
    });

    it('retries a response cut off mid-body', async () => {
      await setup((i) =>
        i === 0 ? { truncate: true, body: { HsmList: [HSM, HSM, HSM] } } : { body: { HsmList: [HSM] } },
      );
      expect((await client.listHsms()).HsmList).toEqual([HSM]);
      expect(stub.requests).toHaveLength(2);
    });

    it('surfaces a refused connection as a retryable TransportError after all attempts', async () => {
      await setup(() => ({ body: {} }), { maxAttempts: 2 });
      await stub.stop();
      const err = await client.listHsms().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ code: 'ECONNREFUSED', retryable: true, attempts: 2 });
    });
  });

  describe('timeouts and aborts', () => {
    it('times an attempt out and retries it', async () => {
      // Generous margins: the fast retry must fit in the timeout even on a loaded CI machine.
      await setup((i) => (i === 0 ? { delayMs: 10_000, body: {} } : { body: {} }));
      const metrics = new ClientMetrics();
      client.destroy();
      client = stubClient({ attemptTimeoutMs: 1000, hooks: metrics, random: () => 0 });
      await client.listAvailableZones();
      expect(metrics.snapshot()).toMatchObject({ attempts: 2, retries: 1, calls: 1 });
    });

    it('throws TimeoutError(kind attempt) when every attempt times out', async () => {
      await setup(() => ({ delayMs: 2000, body: {} }), { attemptTimeoutMs: 50, maxAttempts: 2 });
      const err = await client.listAvailableZones().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ kind: 'attempt', retryable: true, attempts: 2 });
    });

    it('throws TimeoutError(kind deadline) when the overall deadline passes', async () => {
      await setup(() => ({ delayMs: 2000, body: {} }), { attemptTimeoutMs: 1000, deadlineMs: 80 });
      const err = await client.listAvailableZones().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ kind: 'deadline', attempts: 1 });
    });

    it('times out an attempt whose credential provider hangs, and reports a failing provider as AuthError', async () => {
      await setup(() => ({ body: {} }), {
        attemptTimeoutMs: 50,
        maxAttempts: 2,
        credentials: () => new Promise(() => undefined),
      });
      const hung = await client.listHsms().catch((e: unknown) => e);
      expect(hung).toMatchObject({ name: 'TimeoutError', kind: 'attempt', attempts: 2 });
      client.destroy();
      client = stubClient({ credentials: () => Promise.reject(new Error('no profile')) });
      const failed = await client.listHsms().catch((e: unknown) => e);
      expect(failed).toMatchObject({ name: 'AuthError', code: 'CredentialsProviderError', retryable: false });
      expect(stub.requests).toHaveLength(0);
    });

    it('ends a long backoff at the deadline, keeping the last error as cause', async () => {
      stub = await startStub(() => errorReply('CloudHsmInternalException', 500));
      client = stubClient({ random: () => 0.99, retryStrategy: { baseDelayMs: 10_000 }, deadlineMs: 1500 });
      const err = (await client.listHsms().catch((e: unknown) => e)) as TimeoutError;
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ kind: 'deadline', attempts: 1 });
      expect(err.cause).toBeInstanceOf(CloudHsmInternalException);
    });

    it("honours the caller's AbortSignal", async () => {
      await setup(() => ({ delayMs: 2000, body: {} }));
      const ctl = new AbortController();
      const call = client.listAvailableZones({}, { signal: ctl.signal }).catch((e: unknown) => e);
      setTimeout(() => ctl.abort(new Error('shutdown')), 30);
      const err = await call;
      expect(err).toBeInstanceOf(AbortedError);
      expect(err).toMatchObject({ retryable: false, attempts: 1 });
    });

    it('does not send at all with an already-aborted signal', async () => {
      await setup(() => ({ body: {} }));
      const err = await client.listHsms({}, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AbortedError);
      expect(err).toMatchObject({ attempts: 0 });
      expect(stub.requests).toHaveLength(0);
    });
  });

  describe('responses', () => {
    it('rejects a body that is not JSON with ResponseParseError, without retrying', async () => {
      await setup(() => ({ body: '<html>' }));
      const err = await client.listHsms().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseParseError);
      expect(stub.requests).toHaveLength(1);
    });

    it('rejects a missing required member, naming it', async () => {
      await setup(() => ({ body: { NextToken: 'abc' } }));
      const err = (await client.listHapgs().catch((e: unknown) => e)) as ResponseParseError;
      expect(err).toBeInstanceOf(ResponseParseError);
      expect(err.violations.map((v) => v.member)).toEqual(['HapgList']);
    });

    it('rejects a member of the wrong type', async () => {
      await setup(() => ({ body: { HsmList: 'arn' } }));
      await expect(client.listHsms()).rejects.toThrow(/HsmList must be a list/);
    });

    it('accepts a multi-line ConfigFile and an unknown HSM status (output patterns and enums are not enforced)', async () => {
      await setup((i) =>
        i === 0
          ? { body: { ConfigType: 'text', ConfigFile: 'line1\nline2\n', ConfigCred: 'x' } }
          : { body: { HsmArn: HSM, Status: 'HIBERNATING', Extra: 1 } },
      );
      const cfg = await client.getConfig({
        ClientArn: 'arn:aws:cloudhsm:us-east-1:123456789012:client-0123abcd',
        ClientVersion: '5.3',
        HapgList: [],
      });
      expect(cfg.ConfigFile).toBe('line1\nline2\n');
      const hsm = await client.describeHsm({ HsmArn: HSM });
      expect(hsm.Status).toBe('HIBERNATING');
    });

    it('treats an empty 200 body as an empty output and drops JSON nulls', async () => {
      await setup((i) => (i === 0 ? { body: '' } : { body: { HsmList: null } }));
      expect(await client.listAvailableZones()).toEqual({});
      expect(await client.listHsms()).toEqual({});
    });
  });

  describe('hooks', () => {
    it('reports attempts, responses, retries, throttles and completion and survives a throwing hook', async () => {
      const events: string[] = [];
      await setup((i) => (i === 0 ? errorReply('Throttling') : { body: {} }), {
        rateLimiter: simulatedLimiter(),
        hooks: {
          onAttempt: (e) => events.push(`attempt ${e.attempt}`),
          onResponse: (e) => {
            events.push(`response ${e.statusCode} ${e.errorCode ?? ''}`.trim());
            throw new Error('hook bug');
          },
          onRetry: (e) => events.push(`retry ${e.errorCode}`),
          onThrottle: () => events.push('throttle'),
          onComplete: (e) => events.push(`complete ${e.ok} ${e.attempts}`),
        },
      });
      await client.listAvailableZones();
      expect(events).toEqual([
        'attempt 1',
        'response 400 Throttling',
        'throttle',
        'retry Throttling',
        'attempt 2',
        'response 200',
        'complete true 2',
      ]);
    });
  });
});
