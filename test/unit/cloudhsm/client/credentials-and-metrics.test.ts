import { ClientMetrics, combineHooks } from '../../../../src/cloudhsm/client';
import { defaultCredentialProvider, memoizeCredentials } from '../../../../src/cloudhsm/client/credentials';

describe('credentials', () => {
  describe('defaultCredentialProvider', () => {
    it('answers from the environment, session token and expiry included', async () => {
      const provider = defaultCredentialProvider({
        AWS_ACCESS_KEY_ID: 'AKIDENV',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session',
        AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
      });
      expect(await provider()).toEqual({
        accessKeyId: 'AKIDENV',
        secretAccessKey: 'secret',
        sessionToken: 'session',
        expiration: new Date('2030-01-01T00:00:00Z'),
      });
    });
  });

  describe('memoizeCredentials', () => {
    it('returns static credentials as they are', async () => {
      const creds = { accessKeyId: 'a', secretAccessKey: 'b' };
      expect(await memoizeCredentials(creds, () => 0)()).toBe(creds);
    });

    it('calls a provider once while its credentials are fresh, sharing one pending call', async () => {
      let calls = 0;
      const p = memoizeCredentials(
        async () => {
          calls++;
          return { accessKeyId: 'a', secretAccessKey: 'b', expiration: new Date(3_600_000) };
        },
        () => 0,
      );
      await Promise.all([p(), p(), p()]);
      await p();
      expect(calls).toBe(1);
    });

    it('refreshes five minutes before expiry', async () => {
      let now = 0;
      let calls = 0;
      const p = memoizeCredentials(
        async () => {
          calls++;
          return { accessKeyId: `k${calls}`, secretAccessKey: 'b', expiration: new Date(now + 600_000) };
        },
        () => now,
      );
      expect((await p()).accessKeyId).toBe('k1');
      now = 299_000;
      expect((await p()).accessKeyId).toBe('k1');
      now = 301_000;
      expect((await p()).accessKeyId).toBe('k2');
    });

    it('does not cache a failure', async () => {
      let calls = 0;
      const p = memoizeCredentials(
        async () => {
          calls++;
          if (calls === 1) throw new Error('no creds yet');
          return { accessKeyId: 'a', secretAccessKey: 'b' };
        },
        () => 0,
      );
      await expect(p()).rejects.toThrow('no creds yet');
      expect((await p()).accessKeyId).toBe('a');
    });
  });
});

describe('ClientMetrics', () => {
  describe('snapshot', () => {
    it('counts calls, attempts, retries, throttles and errors by name', () => {
      const m = new ClientMetrics();
      m.onAttempt();
      m.onAttempt();
      m.onRetry();
      m.onThrottle();
      m.onComplete({ ok: true });
      m.onComplete({ ok: false, errorName: 'TimeoutError' });
      m.onComplete({ ok: false, errorName: 'TimeoutError' });
      expect(m.snapshot()).toMatchObject({
        calls: 1,
        attempts: 2,
        retries: 1,
        throttles: 1,
        errors: 2,
        errorsByName: { TimeoutError: 2 },
      });
    });

    it('reports latency percentiles (nearest rank)', () => {
      const m = new ClientMetrics();
      for (let i = 1; i <= 100; i++) m.onResponse({ latencyMs: i });
      expect(m.snapshot().latencyMs).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
      expect(new ClientMetrics().snapshot().latencyMs).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0 });
    });

    it('keeps a bounded window of latency samples', () => {
      const m = new ClientMetrics();
      for (let i = 0; i < 10_000; i++) m.onResponse({ latencyMs: i < 5000 ? 1000 : 1 });
      const s = m.snapshot().latencyMs;
      expect(s.count).toBe(4096);
      expect(s.p99).toBe(1);
    });
  });

  describe('combineHooks', () => {
    it('fans events out to every receiver even when one throws', () => {
      const m = new ClientMetrics();
      const seen: number[] = [];
      const hooks = combineHooks(
        {
          onAttempt: () => {
            throw new Error('bad hook');
          },
        },
        m,
        { onAttempt: (e) => seen.push(e.attempt) },
      );
      hooks.onAttempt!({ operation: 'ListHsms', attempt: 3 });
      expect(m.snapshot().attempts).toBe(1);
      expect(seen).toEqual([3]);
    });
  });
});
