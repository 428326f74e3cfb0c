import {
  AdaptiveRateLimiter,
  ClientMetrics,
  combineHooks,
  TimeoutError,
  type CloudHsmClient,
} from '../../../src/cloudhsm/client';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { clientFor, rejectionOf, simulatedLimiter } from './support';

describe('CloudHsmClient under injected faults (emulator)', () => {
  let emu: TestEmulator;
  const clients: CloudHsmClient[] = [];
  const make = (cfg: Parameters<typeof clientFor>[1]): CloudHsmClient => {
    const c = clientFor(emu, cfg);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    emu = await startTestEmulator();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await emu.stop();
  });

  it('completes every call under 30% throttling, and each throttle lowers the shared limiter rate', async () => {
    const { hsmArns } = await emu.admin.seed({ hsms: 5, hapgs: 0, clients: 0 });
    await emu.admin.setFaults({ errors: [{ errorType: 'ThrottlingException', probability: 0.3 }], seed: 7 });
    const limiter = simulatedLimiter();
    const metrics = new ClientMetrics();
    const drops: Array<[number, number]> = [];
    let before = Infinity;
    const observe = {
      onResponse: (e: { errorCode?: string }) => {
        if (e.errorCode === 'ThrottlingException') before = limiter.currentRate;
      },
      onThrottle: () => drops.push([before, limiter.currentRate]),
    };
    // Two clients, four concurrent callers, one limiter.
    const a = make({ rateLimiter: limiter, maxAttempts: 12, hooks: combineHooks(metrics, observe) });
    const b = make({ rateLimiter: limiter, maxAttempts: 12, hooks: combineHooks(metrics, observe) });
    expect(limiter.currentRate).toBe(Infinity);
    const worker = async (c: CloudHsmClient, n: number): Promise<number> => {
      let ok = 0;
      for (let i = 0; i < n; i++) {
        const out = await c.describeHsm({ HsmArn: hsmArns[i % hsmArns.length]! });
        if (out.Status === 'RUNNING') ok++;
      }
      return ok;
    };
    const done = await Promise.all([worker(a, 20), worker(a, 20), worker(b, 20), worker(b, 20)]);
    expect(done).toEqual([20, 20, 20, 20]);
    const snap = metrics.snapshot();
    expect(snap).toMatchObject({ calls: 80, errors: 0 });
    expect(snap.throttles).toBeGreaterThan(5);
    expect(snap.attempts).toBe(80 + snap.retries);
    expect(drops.length).toBe(snap.throttles);
    expect(Number.isFinite(limiter.currentRate)).toBe(true);
    // The rate fell at every throttle (the first takes it from unlimited to a finite rate) until
    // it reached the limiter's floor of 0.5 requests per second.
    for (const [prev, next] of drops) {
      if (prev > 0.5) expect(next).toBeLessThan(prev);
      else expect(next).toBe(0.5);
    }
  });

  it('paces concurrent callers under a server rate limit with a maxRate ceiling, without throttles', async () => {
    await emu.admin.setFaults({ rateLimit: { requestsPerSecond: 20, burst: 10 } });
    const metrics = new ClientMetrics();
    const limiter = new AdaptiveRateLimiter({ maxRate: 10, burst: 5 });
    const client = make({ rateLimiter: limiter, hooks: metrics });
    await Promise.all(Array.from({ length: 25 }, () => client.listAvailableZones()));
    expect(metrics.snapshot()).toMatchObject({ calls: 25, throttles: 0, retries: 0 });
  });

  it('retries a 5xx on the next 2 calls and succeeds on the third attempt', async () => {
    await emu.admin.setFaults({ errors: [{ errorType: 'CloudHsmInternalException', count: 2 }] });
    const metrics = new ClientMetrics();
    const client = make({ hooks: metrics });
    const zones = await client.listAvailableZones();
    expect(zones.AZList!.length).toBeGreaterThan(0);
    expect(metrics.snapshot()).toMatchObject({ calls: 1, attempts: 3, retries: 2, errors: 0 });
  });

  it('times out an attempt slower than attemptTimeoutMs, then retries it', async () => {
    await emu.admin.setFaults({ latencyMs: 3000 });
    const retries: string[] = [];
    let recovered: Promise<void> = Promise.resolve();
    const client = make({
      attemptTimeoutMs: 1000,
      hooks: {
        onRetry: (e) => {
          retries.push(e.errorCode);
          // The service recovers while we back off.
          recovered = emu.admin.clearFaults();
        },
      },
      // The backoff ends once the fault-clearing admin call has landed.
      sleep: () => recovered,
    });
    const out = await client.listHsms();
    expect(out).toBeDefined();
    expect(retries).toEqual(['TimeoutError']);
  });

  it('retries a timed-out CreateHsm with the same ClientToken, so only one HSM exists', async () => {
    await emu.admin.setFaults({ latencyMs: 1500 });
    let recovered: Promise<void> = Promise.resolve();
    const client = make({
      attemptTimeoutMs: 700,
      hooks: { onRetry: () => (recovered = emu.admin.clearFaults()) },
      sleep: () => recovered,
    });
    const { HsmArn } = await client.createHsm({
      SubnetId: 'subnet-0a0b0c00',
      SshKey: 'ssh-rsa AAAAB3 test',
      IamRoleArn: 'arn:aws:iam::123456789012:role/hsm',
      SubscriptionType: 'PRODUCTION',
    });
    // The first, timed-out request is still being served (it sleeps in the emulator, then runs).
    await new Promise((r) => setTimeout(r, 1200));
    expect(await client.listAllHsms()).toEqual([HsmArn]);
  });

  it('surfaces TimeoutError when every attempt is too slow', async () => {
    await emu.admin.setFaults({ latencyMs: 1500 });
    const client = make({ attemptTimeoutMs: 100, maxAttempts: 2 });
    const err = await rejectionOf(client.listHsms());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ kind: 'attempt', attempts: 2 });
  });

  it('never retries validation errors, client- or server-side', async () => {
    const metrics = new ClientMetrics();
    const client = make({ hooks: metrics });
    const local = await rejectionOf(client.describeHsm({ HsmArn: 'arn:nope' }));
    expect(local).toMatchObject({ name: 'ClientValidationError', member: 'HsmArn', attempts: 0 });
    const remote = await rejectionOf(
      client.describeHsm({ HsmArn: 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0000dead' }),
    );
    expect(remote).toMatchObject({ name: 'InvalidRequestException', attempts: 1 });
    expect(metrics.snapshot()).toMatchObject({ attempts: 1, retries: 0, errors: 2 });
  });
});
